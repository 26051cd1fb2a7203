import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures/marc');

/** A file of the shared MARC 21 fixtures: real records, broken ones among them. */
export const marcFixture = (name: string) => readFileSync(path.join(fixturesDir, name));

/** Why each broken record of bad_records.mrc is rejected, as [place in the file, code, values]. */
export const BAD_RECORDS_REJECTIONS = [
  [2, 'marc_base_address_invalid', { address: 99937 }],
  [3, 'marc_base_address_invalid', { address: 0 }],
  [4, 'marc_base_address_invalid', { address: 38 }],
  [5, 'marc_base_address_invalid', { address: 38 }],
  [6, 'marc_base_address_not_number', { value: 'f0037' }],
  [7, 'marc_base_address_invalid', { address: 25 }],
] as const;
