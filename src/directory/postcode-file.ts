import { parse } from 'csv-parse/sync';
import { compactPostcode, outwardCodeOf, type Point } from './geo.ts';

/*
 * Reads a file of postcode centroids: the ONS Postcode Directory (ONSPD) or the National
 * Statistics Postcode Lookup (NSPL), whose headers name the postcode pcds, pcd or pcd2, the
 * centroid lat and long and the date a postcode was terminated doterm, or a simpler file with
 * postcode, latitude (lat) and longitude (long, lng). ONSPD rows carry some fifty columns; only
 * these are read.
 */

export interface PostcodePlace extends Point {
  /** Compact: capitals, no spaces. */
  postcode: string;
  outward: string;
}

export interface RowRejection {
  line: number;
  reason: string;
}

export interface PostcodeFile {
  /** One per postcode: when a file lists a postcode twice, its last row counts. */
  places: PostcodePlace[];
  /** Rows left out on purpose: terminated postcodes and those ONSPD gives no grid reference. */
  skipped: number;
  /** The first rejections, in file order; rejectedCount tells how many there were in all. */
  rejected: RowRejection[];
  rejectedCount: number;
}

/** Enough to say what is wrong with a file without keeping, or sending back, a report as large as the file. */
export const REJECTIONS_LISTED = 100;

/** A file whose header names no postcode column or no latitude and longitude columns. */
export class UnrecognisedPostcodeFile extends Error {}

// In order of preference: ONSPD files carry all three postcode forms, pcds being the readable one.
const POSTCODE_COLUMNS = ['pcds', 'pcd', 'pcd2', 'postcode'];
const LATITUDE_COLUMNS = ['lat', 'latitude'];
const LONGITUDE_COLUMNS = ['long', 'longitude', 'lng'];
const TERMINATED_COLUMN = 'doterm';

/** ONSPD's centroid for a postcode it has no grid reference for. */
const NO_GRID_LATITUDE = 99.999999;

/** Every UK postcode shape (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA), and Girobank's GIR 0AA. */
const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

interface Columns {
  postcode: number;
  latitude: number;
  longitude: number;
  terminated: number;
}

/** Where the columns read are, from the header row (names compared without case). */
export function columnsOf(header: readonly string[]): Columns {
  const names = header.map((name) => name.trim().toLowerCase());
  const first = (candidates: string[]) => candidates.map((name) => names.indexOf(name)).find((index) => index >= 0) ?? -1;
  const columns = { postcode: first(POSTCODE_COLUMNS), latitude: first(LATITUDE_COLUMNS), longitude: first(LONGITUDE_COLUMNS), terminated: names.indexOf(TERMINATED_COLUMN) };
  if (columns.postcode < 0 || columns.latitude < 0 || columns.longitude < 0) {
    throw new UnrecognisedPostcodeFile(
      `The first row must name a postcode column (${POSTCODE_COLUMNS.join(', ')}), a latitude column (${LATITUDE_COLUMNS.join(', ')}) and a longitude column (${LONGITUDE_COLUMNS.join(', ')}).`,
    );
  }
  return columns;
}

const decimal = (text: string) => (DECIMAL.test(text) ? Number(text) : null);

/** What becomes of one data row: a place, 'skipped', or the reason it is rejected. */
export function placeOfRow(row: readonly string[], columns: Columns): PostcodePlace | 'skipped' | { reason: string } {
  const cell = (index: number) => (index >= 0 ? (row[index] ?? '').trim() : '');
  if (cell(columns.terminated)) return 'skipped';
  const postcode = compactPostcode(cell(columns.postcode));
  if (!UK_POSTCODE.test(postcode)) return { reason: postcode ? `"${cell(columns.postcode)}" is not a UK postcode` : 'the postcode is missing' };
  const latitude = decimal(cell(columns.latitude));
  const longitude = decimal(cell(columns.longitude));
  if (latitude === NO_GRID_LATITUDE && longitude === 0) return 'skipped';
  if (latitude === null || Math.abs(latitude) > 90) return { reason: `the latitude "${cell(columns.latitude)}" is not a number from -90 to 90` };
  if (longitude === null || Math.abs(longitude) > 180) return { reason: `the longitude "${cell(columns.longitude)}" is not a number from -180 to 180` };
  return { postcode, outward: outwardCodeOf(postcode), latitude, longitude };
}

/** The places a CSV file gives, what it leaves out and why rows were rejected (with the line each ends on). */
export function readPostcodeFile(content: string | Buffer): PostcodeFile {
  let columns: Columns | null = null;
  const places = new Map<string, PostcodePlace>();
  const rejected: RowRejection[] = [];
  let rejectedCount = 0;
  const reject = (rejection: RowRejection) => {
    if (rejectedCount++ < REJECTIONS_LISTED) rejected.push(rejection);
  };
  let skipped = 0;
  // Rows are dealt with as they are parsed and none is kept, so a large file costs little memory.
  parse(content, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) reject({ line: Number(error.lines), reason: error.message });
    },
    on_record: (record, { lines }) => {
      const row = record as string[];
      if (!columns) columns = columnsOf(row);
      else {
        const outcome = placeOfRow(row, columns);
        if (outcome === 'skipped') skipped++;
        else if ('reason' in outcome) reject({ line: lines, reason: outcome.reason });
        else places.set(outcome.postcode, outcome);
      }
      return null;
    },
  });
  if (!columns) throw new UnrecognisedPostcodeFile('The file is empty.');
  return { places: [...places.values()], skipped, rejected, rejectedCount };
}
