export interface Point {
  latitude: number;
  longitude: number;
}

// The mean radius of the Earth (IUGG), which keeps the haversine error under 0.5 %.
const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The great-circle distance between two points, in kilometres. */
export function haversineKm(from: Point, to: Point): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 'lat,lng' in decimal degrees, or null when it is not a point on Earth. */
export function parsePoint(text: string): Point | null {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => !/^-?\d+(\.\d+)?$/.test(part))) return null;
  const [latitude, longitude] = parts.map(Number) as [number, number];
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

/** The middle of several points, by averaging: fine for the few kilometres a postcode district spans. */
export function centreOf(points: readonly Point[]): Point | null {
  if (points.length === 0) return null;
  const sum = points.reduce((acc, p) => ({ latitude: acc.latitude + p.latitude, longitude: acc.longitude + p.longitude }), { latitude: 0, longitude: 0 });
  return { latitude: sum.latitude / points.length, longitude: sum.longitude / points.length };
}

/** A UK postcode as compared: capitals, no spaces ('ip1 3dt' → 'IP13DT'). */
export const compactPostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

/**
 * The outward code (district) of a compact postcode: all but the three-character inward code, or
 * the whole text when only a district was given ('IP13DT' → 'IP1', 'IP1' → 'IP1').
 */
export const outwardCodeOf = (compact: string) => (compact.length >= 5 ? compact.slice(0, -3) : compact);

/** Kilometres rounded to 100 m, as results show them. */
export const roundKm = (km: number) => Math.round(km * 10) / 10;
