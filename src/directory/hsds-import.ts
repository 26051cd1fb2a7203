import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Tx } from '../platform/database/database.ts';
import { invalid } from '../platform/http/errors.ts';
import { HsdsService, type HsdsLocationRecord, type HsdsServiceRecord, type HsdsTermRecord } from './hsds-schemas.ts';
import { PHONE_TYPES, type PhoneType } from './tables.ts';

/*
 * Imports another council's Open Referral HSDS 3 feed into a library service's directory. Each
 * service is checked against the HSDS schema and stored in its own transaction, matched by the
 * source and the feed's own id, so a re-import updates rather than duplicates, and one bad record
 * is reported without holding back the rest.
 */

export interface ImportRequest {
  sourceName: string;
  feedUrl?: string;
  document?: unknown;
}

export interface ImportReport {
  sourceId: string;
  imported: number;
  updated: number;
  rejected: { externalId: string | null; reason: string }[];
}

export interface FeedLimits {
  timeoutMs: number;
  maxBytesPerPage: number;
  maxPages: number;
}

export const FEED_LIMITS: FeedLimits = { timeoutMs: 15_000, maxBytesPerPage: 5 * 1024 * 1024, maxPages: 100 };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validateService = addFormats(new Ajv({ allErrors: true, strict: false })).compile<HsdsServiceRecord>(HsdsService);

class RecordRejected extends Error {}

const unrecognised = () => invalid('hsds_document_unrecognised', 'The document is neither an HSDS service, a list of services nor an HSDS Page of services.');

/** The services a document holds: an array of them, an HSDS Page, or one service. */
export function servicesIn(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (typeof document !== 'object' || document === null) throw unrecognised();
  const page = document as { contents?: unknown };
  if (Array.isArray(page.contents)) return page.contents;
  if ('id' in document && 'name' in document) return [document];
  throw unrecognised();
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => invalid('feed_too_large', `A page of the feed is larger than ${maxBytes} bytes.`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function fetchJson(url: URL, limits: FeedLimits): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `did not answer within ${limits.timeoutMs / 1000} s` : 'could not be reached';
    throw invalid('feed_unreachable', `The feed at ${url.host} ${reason}.`);
  }
  if (!response.ok) throw invalid('feed_unreachable', `The feed answered ${response.status} for ${url.pathname}${url.search}.`);
  const text = await readCapped(response, limits.maxBytesPerPage);
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('feed_not_json', `The feed’s answer for ${url.pathname}${url.search} is not JSON.`);
  }
}

/** Every service of a feed, following its HSDS pages; nothing is stored until all of them are read. */
export async function fetchFeed(feedUrl: string, limits: FeedLimits = FEED_LIMITS): Promise<unknown[]> {
  const first = await fetchJson(new URL(feedUrl), limits);
  const services = servicesIn(first);
  const totalPages = Number((first as { total_pages?: unknown }).total_pages ?? 1);
  if (!Number.isInteger(totalPages) || totalPages <= 1) return services;
  if (totalPages > limits.maxPages) throw invalid('feed_too_large', `The feed has ${totalPages} pages; at most ${limits.maxPages} are read.`);
  const firstPage = Number((first as { page_number?: unknown }).page_number ?? 1);
  for (let page = firstPage + 1; page <= totalPages; page++) {
    const url = new URL(feedUrl);
    url.searchParams.set('page', String(page));
    services.push(...servicesIn(await fetchJson(url, limits)));
  }
  return services;
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .slice(0, 3)
    .map((error) => `${error.instancePath || 'the service'} ${error.message ?? 'is invalid'}`)
    .join('; ');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** What HSDS allows but the directory cannot keep, as the reason to give, or null. */
export function unstorable(record: HsdsServiceRecord): string | null {
  for (const age of [record.minimum_age, record.maximum_age]) {
    if (age !== undefined && (!Number.isInteger(age) || age < 0)) return 'ages must be whole numbers of years';
  }
  if (record.minimum_age !== undefined && record.maximum_age !== undefined && record.minimum_age > record.maximum_age) return 'minimum_age is above maximum_age';
  if (record.assured_date !== undefined && !ISO_DATE.test(record.assured_date)) return 'assured_date is not an ISO date';
  const schedules = [...(record.schedules ?? []), ...(record.service_at_locations ?? []).flatMap((placement) => placement.schedules ?? [])];
  for (const schedule of schedules) {
    if ([schedule.opens_at, schedule.closes_at].some((time) => time !== undefined && !TIME.test(time))) return `schedule ${schedule.id} has a time that is not HH:MM:SS`;
    if (schedule.opens_at && schedule.closes_at && schedule.closes_at <= schedule.opens_at) return `schedule ${schedule.id} closes before it opens`;
    if ([schedule.valid_from, schedule.valid_to].some((date) => date !== undefined && !ISO_DATE.test(date))) return `schedule ${schedule.id} has a validity date that is not an ISO date`;
  }
  for (const placement of record.service_at_locations ?? []) {
    const country = addressOf(placement.location)?.country;
    if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) return `location ${placement.location?.id} has a country that is not a two-letter ISO 3166 code`;
  }
  return null;
}

const addressOf = (location: HsdsLocationRecord | undefined) => location?.addresses?.find((a) => a.address_type === 'physical') ?? location?.addresses?.[0];

const orNull = <T>(value: T | undefined) => value ?? null;
/** A point off the globe is an unknown one: kept, it would put the service anywhere in a distance search. */
function coordinatesOf({ latitude, longitude }: HsdsLocationRecord) {
  const onTheGlobe = latitude !== undefined && longitude !== undefined && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
  return onTheGlobe ? { latitude, longitude } : { latitude: null, longitude: null };
}
const languageCodes = (languages: { code?: string; name?: string }[] | undefined) => [...new Set((languages ?? []).map((l) => l.code ?? l.name).filter((code): code is string => Boolean(code)))];

type ImportedTable = 'directory_organizations' | 'directory_services' | 'directory_locations';

interface Scope {
  trx: Tx;
  tenantId: string;
  sourceId: string;
  sourceName: string;
}

/** Inserts or updates the row the source knows by this id; says whether it was already there. */
async function upsertByExternalId(scope: Scope, table: ImportedTable, externalId: string, values: Record<string, unknown>) {
  const { trx, tenantId, sourceId } = scope;
  const found = await trx.selectFrom(table).select('id').where('source_id', '=', sourceId).where('external_id', '=', externalId).executeTakeFirst();
  if (found) {
    await trx.updateTable(table).set({ ...values, updated_at: new Date() }).where('id', '=', found.id).execute();
    return { id: found.id, existed: true };
  }
  const row = await trx
    .insertInto(table)
    .values({ tenant_id: tenantId, source_id: sourceId, external_id: externalId, ...values } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, existed: false };
}

async function importOrganization(scope: Scope, record: HsdsServiceRecord): Promise<string> {
  const organization = record.organization;
  if (organization) {
    const values = { name: organization.name, alternate_name: orNull(organization.alternate_name), description: organization.description, email: orNull(organization.email), website: orNull(organization.website) };
    return (await upsertByExternalId(scope, 'directory_organizations', organization.id, values)).id;
  }
  const known = record.organization_id
    ? await scope.trx.selectFrom('directory_organizations').select('id').where('source_id', '=', scope.sourceId).where('external_id', '=', record.organization_id).executeTakeFirst()
    : undefined;
  if (!known) throw new RecordRejected('the service carries no organization, and its organization_id is not one this source has given before');
  return known.id;
}

async function importLocation(scope: Scope, organizationId: string, location: HsdsLocationRecord): Promise<string> {
  const address = addressOf(location);
  const values = {
    organization_id: organizationId,
    location_type: location.location_type,
    name: orNull(location.name),
    description: orNull(location.description),
    address_1: orNull(address?.address_1),
    address_2: orNull(address?.address_2),
    city: orNull(address?.city),
    region: orNull(address?.region),
    state_province: orNull(address?.state_province),
    postal_code: orNull(address?.postal_code),
    ...(address && { country: address.country.toUpperCase() }),
    ...coordinatesOf(location),
  };
  return (await upsertByExternalId(scope, 'directory_locations', location.id, values)).id;
}

async function taxonomyFor(scope: Scope, term: HsdsTermRecord): Promise<string> {
  const detail = term.taxonomy_detail;
  const name = detail?.name ?? term.taxonomy ?? scope.sourceName;
  const { trx, tenantId, sourceId } = scope;
  const existing = await trx.selectFrom('directory_taxonomies').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const values = { tenant_id: tenantId, source_id: sourceId, external_id: orNull(detail?.id), name, description: detail?.description ?? '', uri: orNull(detail?.uri), version: orNull(detail?.version) };
  return (await trx.insertInto('directory_taxonomies').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** The term in the directory's taxonomy of that name: the one imported before under this id, else the one with this code, else a new one. */
async function importTerm(scope: Scope, term: HsdsTermRecord): Promise<string> {
  const { trx, tenantId } = scope;
  const taxonomyId = await taxonomyFor(scope, term);
  const parent = term.parent_id ? await trx.selectFrom('directory_taxonomy_terms').select('id').where('taxonomy_id', '=', taxonomyId).where('external_id', '=', term.parent_id).executeTakeFirst() : undefined;
  const values = { name: term.name, description: term.description, code: orNull(term.code), parent_id: parent?.id ?? null, term_uri: orNull(term.term_uri), language: orNull(term.language) };
  const existing = await trx
    .selectFrom('directory_taxonomy_terms')
    .select('id')
    .where('taxonomy_id', '=', taxonomyId)
    .where((eb) => eb.or([eb('external_id', '=', term.id), ...(term.code ? [eb('code', '=', term.code)] : [])]))
    .orderBy((eb) => eb('external_id', '=', term.id), 'desc')
    .executeTakeFirst();
  if (existing) {
    await trx.updateTable('directory_taxonomy_terms').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  return (await trx.insertInto('directory_taxonomy_terms').values({ tenant_id: tenantId, taxonomy_id: taxonomyId, external_id: term.id, ...values }).returning('id').executeTakeFirstOrThrow()).id;
}

const scheduleValues = (schedule: NonNullable<HsdsServiceRecord['schedules']>[number]) => ({
  freq: schedule.freq ?? 'WEEKLY',
  byday: orNull(schedule.byday),
  opens_at: orNull(schedule.opens_at),
  closes_at: orNull(schedule.closes_at),
  valid_from: orNull(schedule.valid_from),
  valid_to: orNull(schedule.valid_to),
  description: orNull(schedule.description),
});

const phoneType = (type: string | undefined): PhoneType | null => ((PHONE_TYPES as readonly string[]).includes(type ?? '') ? (type as PhoneType) : null);

/** The service's phones, contacts, schedules, places and terms, replaced by the feed's. */
async function replaceServiceParts(scope: Scope, serviceId: string, organizationId: string, record: HsdsServiceRecord) {
  const { trx, tenantId } = scope;
  for (const table of ['directory_phones', 'directory_contacts', 'directory_schedules', 'directory_service_at_locations', 'directory_service_terms'] as const) {
    await trx.deleteFrom(table).where('service_id', '=', serviceId).execute();
  }
  const owned = { tenant_id: tenantId, service_id: serviceId };
  for (const phone of record.phones ?? []) {
    const values = { ...owned, number: phone.number, extension: phone.extension === undefined ? null : String(phone.extension), type: phoneType(phone.type), description: orNull(phone.description), languages: languageCodes(phone.languages) };
    await trx.insertInto('directory_phones').values(values).execute();
  }
  for (const contact of record.contacts ?? []) {
    await trx.insertInto('directory_contacts').values({ ...owned, name: orNull(contact.name), title: orNull(contact.title), department: orNull(contact.department), email: orNull(contact.email) }).execute();
  }
  for (const schedule of record.schedules ?? []) await trx.insertInto('directory_schedules').values({ ...owned, ...scheduleValues(schedule) }).execute();
  for (const placement of record.service_at_locations ?? []) {
    if (!placement.location) continue;
    const locationId = await importLocation(scope, organizationId, placement.location);
    const { id } = await trx.insertInto('directory_service_at_locations').values({ ...owned, location_id: locationId, description: orNull(placement.description) }).onConflict((oc) => oc.columns(['service_id', 'location_id']).doNothing()).returning('id').executeTakeFirst() ?? {};
    for (const schedule of id ? (placement.schedules ?? []) : []) await trx.insertInto('directory_schedules').values({ tenant_id: tenantId, service_at_location_id: id, ...scheduleValues(schedule) }).execute();
  }
  const termIds = new Set<string>();
  for (const attribute of record.attributes ?? []) if (attribute.taxonomy_term) termIds.add(await importTerm(scope, attribute.taxonomy_term));
  for (const termId of termIds) await trx.insertInto('directory_service_terms').values({ ...owned, term_id: termId }).execute();
}

async function importService(scope: Scope, record: HsdsServiceRecord): Promise<boolean> {
  const organizationId = await importOrganization(scope, record);
  const values = {
    organization_id: organizationId,
    name: record.name,
    alternate_name: orNull(record.alternate_name),
    description: record.description ?? '',
    url: orNull(record.url),
    email: orNull(record.email),
    status: record.status,
    interpretation_services: orNull(record.interpretation_services),
    application_process: orNull(record.application_process),
    fees_description: orNull(record.fees_description),
    eligibility_description: orNull(record.eligibility_description),
    minimum_age: orNull(record.minimum_age),
    maximum_age: orNull(record.maximum_age),
    assured_date: orNull(record.assured_date),
    languages: languageCodes(record.languages),
  };
  const { id, existed } = await upsertByExternalId(scope, 'directory_services', record.id, values);
  await replaceServiceParts(scope, id, organizationId, record);
  return existed;
}

async function sourceFor(db: Db, actor: Actor, request: ImportRequest): Promise<string> {
  const values = { tenant_id: actor.tenantId, name: request.sourceName.trim(), feed_url: request.feedUrl ?? null };
  const row = await db
    .insertInto('directory_sources')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ feed_url: values.feed_url }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const externalIdOf = (record: unknown) => (typeof record === 'object' && record !== null && typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : null);

async function importRecord(db: Db, scope: Omit<Scope, 'trx'>, record: unknown): Promise<'imported' | 'updated' | string> {
  if (!validateService(record)) return `not a valid HSDS service: ${describeErrors(validateService.errors)}`;
  const problem = unstorable(record);
  if (problem) return problem;
  try {
    const existed = await db.transaction().execute((trx) => importService({ ...scope, trx }, record));
    return existed ? 'updated' : 'imported';
  } catch (error) {
    if (error instanceof RecordRejected) return error.message;
    throw error;
  }
}

/** Imports the services of a feed or of a document given inline, and reports what became of each. */
export async function importHsds(db: Db, actor: Actor, request: ImportRequest, limits: FeedLimits = FEED_LIMITS): Promise<ImportReport> {
  if ((request.feedUrl === undefined) === (request.document === undefined)) throw invalid('feed_or_document_required', 'Give one of feedUrl and document.');
  const records = request.feedUrl === undefined ? servicesIn(request.document) : await fetchFeed(request.feedUrl, limits);
  const sourceId = await sourceFor(db, actor, request);
  const report: ImportReport = { sourceId, imported: 0, updated: 0, rejected: [] };
  const scope = { tenantId: actor.tenantId, sourceId, sourceName: request.sourceName.trim() };
  for (const record of records) {
    const outcome = await importRecord(db, scope, record);
    if (outcome === 'imported' || outcome === 'updated') report[outcome]++;
    else report.rejected.push({ externalId: externalIdOf(record), reason: outcome });
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('directory_sources').set({ imported_at: new Date(), imported_by: actor.actorId }).where('id', '=', sourceId).execute();
    await recordAudit(trx, actor, {
      action: 'directory.imported',
      entityType: 'directory_source',
      entityId: sourceId,
      details: { sourceName: scope.sourceName, feedUrl: request.feedUrl ?? null, imported: report.imported, updated: report.updated, rejected: report.rejected.length },
    });
  });
  return report;
}
