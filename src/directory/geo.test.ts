import { describe, expect, it } from 'vitest';
import { centreOf, compactPostcode, haversineKm, outwardCodeOf, parsePoint, roundKm } from './geo.ts';

describe('haversineKm', () => {
  it('measures the great-circle distance between two places', () => {
    // The usual worked example: London to Paris is 343.56 km by the haversine formula.
    const london = { latitude: 51.5074, longitude: -0.1278 };
    const paris = { latitude: 48.8566, longitude: 2.3522 };
    expect(haversineKm(london, paris)).toBeCloseTo(343.56, 2);
    expect(haversineKm(paris, london)).toBeCloseTo(haversineKm(london, paris), 10);
    expect(haversineKm(london, london)).toBe(0);
  });

  it('holds across the antimeridian and at the poles', () => {
    expect(haversineKm({ latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 })).toBeCloseTo(111.2, 1);
    expect(haversineKm({ latitude: 90, longitude: 0 }, { latitude: -90, longitude: 0 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });
});

describe('parsePoint', () => {
  it('reads latitude,longitude in decimal degrees', () => {
    expect(parsePoint('52.0567, 1.1482')).toEqual({ latitude: 52.0567, longitude: 1.1482 });
    expect(parsePoint('-33.9,-18')).toEqual({ latitude: -33.9, longitude: -18 });
  });

  it('refuses anything that is not a point on Earth', () => {
    for (const text of ['91,0', '0,181', '52.1', '52,1,3', 'north,east', '1e3,2', '']) expect(parsePoint(text), text).toBeNull();
  });
});

describe('postcodes', () => {
  it('compares postcodes without spaces or case and finds their district', () => {
    expect(compactPostcode(' ip1  3dt ')).toBe('IP13DT');
    expect(outwardCodeOf('IP13DT')).toBe('IP1');
    expect(outwardCodeOf('SW1A1AA')).toBe('SW1A');
    expect(outwardCodeOf('IP12')).toBe('IP12');
  });
});

describe('centreOf and roundKm', () => {
  it('averages points and has no centre for none', () => {
    expect(centreOf([{ latitude: 52, longitude: 1 }, { latitude: 53, longitude: 2 }])).toEqual({ latitude: 52.5, longitude: 1.5 });
    expect(centreOf([])).toBeNull();
  });

  it('rounds to 100 m', () => {
    expect(roundKm(1.2345)).toBe(1.2);
    expect(roundKm(0.06)).toBe(0.1);
  });
});
