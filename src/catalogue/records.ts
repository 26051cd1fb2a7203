import { sql } from 'kysely';
import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { AppError, conflict, invalid, notFound, type FieldError } from '../platform/http/errors.ts';
import { normaliseIsbn } from './isbn.ts';
import {
  countItemsByBranchAndStatus,
  findRecordRow,
  findRecordRowsMatching,
  insertRecordRows,
  listItemRowsOfRecord,
  listRecordRows,
  updateRecordRow,
  type RecordColumns,
  type RecordRow,
} from './store.ts';
import { FORMATS, type Audience, type Format } from './tables.ts';
import { presentItem, type Item } from './items.ts';

/** What a caller says about a title; on update every field is optional. */
export interface RecordFields {
  title: string;
  subtitle?: string | null;
  authors?: string[];
  subjects?: string[];
  genres?: string[];
  isbns?: string[];
  /** MARC 001 (with its 003 agency), so a re-import finds the record again. */
  controlNumber?: string | null;
  format: Format;
  /** MARC language code (ISO 639-2/B), e.g. eng, ara, pol. */
  language?: string | null;
  audience?: Audience | null;
  summary?: string | null;
  publisher?: string | null;
  publicationYear?: number | null;
  coverUrl?: string | null;
}

export interface CatalogueRecord {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  subjects: string[];
  genres: string[];
  isbns: string[];
  controlNumber: string | null;
  format: Format;
  language: string | null;
  audience: Audience | null;
  summary: string | null;
  publisher: string | null;
  publicationYear: number | null;
  coverUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BranchAvailability {
  branchId: string;
  branchName: string;
  available: number;
  onLoan: number;
  onHoldShelf: number;
  inTransit: number;
  /** Every copy at the branch, including missing, lost and withdrawn ones. */
  total: number;
}

export interface RecordWithHoldings extends CatalogueRecord {
  availability: BranchAvailability[];
  items: Item[];
}

export function presentRecord(row: RecordRow): CatalogueRecord {
  return {
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    authors: row.authors,
    subjects: row.subjects,
    genres: row.genres,
    isbns: row.isbns,
    controlNumber: row.control_number,
    format: row.format,
    language: row.language,
    audience: row.audience,
    summary: row.summary,
    publisher: row.publisher,
    publicationYear: row.publication_year,
    coverUrl: row.cover_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const tidyList = (values: string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];
const tidyText = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

function checkIsbns(isbns: string[] | undefined): { isbns: string[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const normalised = (isbns ?? []).map((isbn, i) => {
    const valid = normaliseIsbn(isbn);
    if (!valid) errors.push({ field: `isbns.${i}`, message: `${isbn} is not a valid ISBN-10 or ISBN-13 (check digit or length)` });
    return valid;
  });
  return { isbns: [...new Set(normalised.filter((isbn): isbn is string => isbn !== null))], errors };
}

/**
 * Checks and normalises the fields of a record (ISBNs to ISBN-13, trimmed text). Throws a 422
 * `record_invalid` naming each bad field; importers call it per record to reject one and go on.
 */
export function recordColumnsFrom(fields: Partial<RecordFields>): Partial<RecordColumns> {
  const errors: FieldError[] = [];
  const title = fields.title === undefined ? undefined : fields.title.trim();
  if (title !== undefined && title === '') errors.push({ field: 'title', message: 'must not be empty' });
  if (fields.format !== undefined && !FORMATS.includes(fields.format)) errors.push({ field: 'format', message: `must be one of ${FORMATS.join(', ')}` });
  const language = fields.language === undefined ? undefined : fields.language?.trim().toLowerCase() || null;
  if (language && !/^[a-z]{3}$/.test(language)) errors.push({ field: 'language', message: 'must be a three-letter MARC language code, e.g. eng' });
  const year = fields.publicationYear;
  if (year !== undefined && year !== null && !(Number.isInteger(year) && year >= 1000 && year <= 2999)) errors.push({ field: 'publicationYear', message: 'must be a year between 1000 and 2999' });
  const checked = fields.isbns === undefined ? undefined : checkIsbns(fields.isbns);
  errors.push(...(checked?.errors ?? []));
  if (errors.length > 0) throw invalid('record_invalid', `The record is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);

  const columns: Partial<RecordColumns> = {
    title,
    subtitle: tidyText(fields.subtitle),
    authors: fields.authors && tidyList(fields.authors),
    subjects: fields.subjects && tidyList(fields.subjects),
    genres: fields.genres && tidyList(fields.genres),
    isbns: checked?.isbns,
    control_number: tidyText(fields.controlNumber),
    format: fields.format,
    language,
    audience: fields.audience,
    summary: tidyText(fields.summary),
    publisher: tidyText(fields.publisher),
    publication_year: year,
    cover_url: tidyText(fields.coverUrl),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined)) as Partial<RecordColumns>;
}

const EMPTY_RECORD: Omit<RecordColumns, 'title' | 'format'> = {
  subtitle: null,
  authors: [],
  subjects: [],
  genres: [],
  isbns: [],
  control_number: null,
  language: null,
  audience: null,
  summary: null,
  publisher: null,
  publication_year: null,
  cover_url: null,
};

const newRecordColumns = (fields: RecordFields): RecordColumns => ({ ...EMPTY_RECORD, ...recordColumnsFrom(fields) }) as RecordColumns;

const controlNumberTaken = () => conflict('control_number_taken', 'Another record already has this control number.');

export async function createRecord(db: Db, actor: Actor, fields: RecordFields): Promise<CatalogueRecord> {
  const columns = newRecordColumns(fields);
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const [row] = await insertRecordRows(trx, actor.tenantId, [columns]);
        await recordAudit(trx, actor, { action: 'catalogue_record.created', entityType: 'catalogue_record', entityId: row!.id, details: { title: row!.title, format: row!.format } });
        return presentRecord(row!);
      }),
    controlNumberTaken,
  );
}

export async function updateRecord(db: Db, actor: Actor, id: string, fields: Partial<RecordFields>): Promise<CatalogueRecord> {
  const columns = recordColumnsFrom(fields);
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const before = await findRecordRow(trx, actor.tenantId, id, { forUpdate: true });
        if (!before) throw notFound('The catalogue record');
        const row = (await updateRecordRow(trx, actor.tenantId, id, columns))!;
        const changes = changesBetween(presentRecord(before) as unknown as Record<string, unknown>, presentRecord(row) as unknown as Record<string, unknown>);
        delete changes.updatedAt;
        await recordAudit(trx, actor, { action: 'catalogue_record.updated', entityType: 'catalogue_record', entityId: id, details: { changes } });
        return presentRecord(row);
      }),
    controlNumberTaken,
  );
}

export async function listRecords(db: Db, tenantId: string, page: { limit: number; offset: number }): Promise<CatalogueRecord[]> {
  return (await listRecordRows(db, tenantId, page)).map(presentRecord);
}

function availabilityByBranch(counts: Awaited<ReturnType<typeof countItemsByBranchAndStatus>>): BranchAvailability[] {
  const byBranch = new Map<string, BranchAvailability>();
  for (const { branch_id, branch_name, status, count } of counts) {
    const branch = byBranch.get(branch_id) ?? { branchId: branch_id, branchName: branch_name, available: 0, onLoan: 0, onHoldShelf: 0, inTransit: 0, total: 0 };
    const n = Number(count);
    if (status === 'available') branch.available += n;
    if (status === 'on_loan') branch.onLoan += n;
    if (status === 'on_hold_shelf') branch.onHoldShelf += n;
    if (status === 'in_transit') branch.inTransit += n;
    branch.total += n;
    byBranch.set(branch_id, branch);
  }
  return [...byBranch.values()];
}

/** A record with its copies and how many are available, on loan, on the hold shelf or in transit at each branch. */
export async function getRecord(db: Queryable, tenantId: string, id: string): Promise<RecordWithHoldings> {
  const row = await findRecordRow(db, tenantId, id);
  if (!row) throw notFound('The catalogue record');
  const [counts, items] = await Promise.all([countItemsByBranchAndStatus(db, tenantId, id), listItemRowsOfRecord(db, tenantId, id)]);
  return { ...presentRecord(row), availability: availabilityByBranch(counts), items: items.map(presentItem) };
}

/** The record an import should update: same control number first, otherwise any shared ISBN. */
export async function findRecordByIsbnOrControlNumber(
  db: Queryable,
  tenantId: string,
  match: { isbns?: string[]; controlNumber?: string | null },
): Promise<CatalogueRecord | null> {
  const isbns = (match.isbns ?? []).map(normaliseIsbn).filter((isbn): isbn is string => isbn !== null);
  const rows = await findRecordRowsMatching(db, tenantId, { isbns, controlNumbers: match.controlNumber ? [match.controlNumber] : [] });
  const found = rows.find((row) => match.controlNumber && row.control_number === match.controlNumber) ?? rows[0];
  return found ? presentRecord(found) : null;
}

export type UpsertOutcome =
  | { outcome: 'created' | 'updated'; id: string }
  | { outcome: 'rejected'; code: string; reason: string; errors?: FieldError[] };

interface Slot {
  existing?: RecordRow;
  columns: RecordColumns;
  inputIndexes: number[];
}

const matchKeys = (columns: Partial<RecordColumns>) => [
  ...(columns.control_number ? [`control:${columns.control_number}`] : []),
  ...(columns.isbns ?? []).map((isbn) => `isbn:${isbn}`),
];

function rowColumns(row: RecordRow): RecordColumns {
  const { id: _id, tenant_id: _tenant, created_at: _created, updated_at: _updated, ...columns } = row;
  return columns;
}

/** Groups a batch into records to create or update, matching the database and earlier entries of the batch. */
function planUpsert(prepared: (Partial<RecordColumns> | null)[], existing: RecordRow[]): Slot[] {
  const slots: Slot[] = [];
  const slotByKey = new Map<string, Slot>();
  const existingByKey = new Map<string, RecordRow>();
  // Control numbers win over ISBNs, so they go in last and overwrite.
  for (const row of existing) for (const isbn of row.isbns) if (!existingByKey.has(`isbn:${isbn}`)) existingByKey.set(`isbn:${isbn}`, row);
  for (const row of existing) if (row.control_number) existingByKey.set(`control:${row.control_number}`, row);

  prepared.forEach((columns, index) => {
    if (!columns) return;
    const keys = matchKeys(columns);
    const existingRow = keys.map((key) => existingByKey.get(key)).find(Boolean);
    const slotKeys = existingRow ? [`id:${existingRow.id}`, ...keys] : keys;
    let slot = slotKeys.map((key) => slotByKey.get(key)).find(Boolean);
    if (slot) {
      slot.columns = { ...slot.columns, ...columns };
      slot.inputIndexes.push(index);
    } else {
      slot = { existing: existingRow, columns: { ...(existingRow ? rowColumns(existingRow) : EMPTY_RECORD), ...columns } as RecordColumns, inputIndexes: [index] };
      slots.push(slot);
    }
    for (const key of slotKeys) slotByKey.set(key, slot);
  });
  return slots;
}

async function updateRecordRows(db: Queryable, tenantId: string, updates: { id: string; columns: RecordColumns }[]) {
  if (updates.length === 0) return;
  const rows = JSON.stringify(updates.map(({ id, columns }) => ({ id, ...columns })));
  await sql`
    update catalogue_records r set
      title = v.title, subtitle = v.subtitle, authors = v.authors, subjects = v.subjects, genres = v.genres,
      isbns = v.isbns, control_number = v.control_number, format = v.format, language = v.language,
      audience = v.audience, summary = v.summary, publisher = v.publisher,
      publication_year = v.publication_year, cover_url = v.cover_url, updated_at = now()
    from jsonb_to_recordset(${rows}::jsonb) as v(
      id uuid, title text, subtitle text, authors text[], subjects text[], genres text[], isbns text[],
      control_number text, format text, language text, audience text, summary text, publisher text,
      publication_year integer, cover_url text)
    where r.id = v.id and r.tenant_id = ${tenantId}`.execute(db);
}

/**
 * Creates or updates many records in a few statements, for imports: a record with the control
 * number or an ISBN of an existing one (or of an earlier one in the batch) updates it. Each entry
 * gets its outcome; an invalid entry is rejected with the reason and the rest still go in.
 */
export async function upsertRecords(db: Db, actor: Actor, batch: RecordFields[], auditDetails: Record<string, unknown> = {}): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = new Array(batch.length);
  const prepared = batch.map((fields, index) => {
    try {
      if (!fields.title || !fields.format) throw invalid('record_invalid', 'A record needs a title and a format.', [{ field: fields.title ? 'format' : 'title', message: 'is required' }]);
      return recordColumnsFrom(fields);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes[index] = { outcome: 'rejected', code: error.code, reason: error.detail, errors: error.errors };
      return null;
    }
  });
  const valid = prepared.filter((columns): columns is Partial<RecordColumns> => columns !== null);
  return db.transaction().execute(async (trx) => {
    const existing = await findRecordRowsMatching(trx, actor.tenantId, {
      isbns: [...new Set(valid.flatMap((c) => c.isbns ?? []))],
      controlNumbers: [...new Set(valid.flatMap((c) => (c.control_number ? [c.control_number] : [])))],
    });
    const slots = planUpsert(prepared, existing);
    const toCreate = slots.filter((slot) => !slot.existing);
    const created = await insertRecordRows(trx, actor.tenantId, toCreate.map((slot) => slot.columns));
    const toUpdate = slots.filter((slot) => slot.existing).map((slot) => ({ id: slot.existing!.id, columns: slot.columns }));
    await updateRecordRows(trx, actor.tenantId, toUpdate);

    toCreate.forEach((slot, i) => slot.inputIndexes.forEach((index, nth) => (outcomes[index] = { outcome: nth === 0 ? 'created' : 'updated', id: created[i]!.id })));
    for (const slot of slots.filter((s) => s.existing)) for (const index of slot.inputIndexes) outcomes[index] = { outcome: 'updated', id: slot.existing!.id };
    await recordAudit(trx, actor, {
      action: 'catalogue_record.batch_saved',
      entityType: 'catalogue_record',
      details: { ...auditDetails, created: created.length, updated: toUpdate.length, rejected: batch.length - valid.length },
    });
    return outcomes;
  });
}
