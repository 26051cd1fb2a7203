import type { Updateable } from 'kysely';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import { findOrganisation } from '../organisation/store.ts';
import { organisationActedFor, type Editor } from './access.ts';
import { loadService, type Service } from './service-presenters.ts';
import {
  deleteServiceRow,
  findDirectoryOrganizationOf,
  insertDirectoryOrganization,
  insertServiceRow,
  lockServiceRow,
  replaceContacts,
  replaceLocations,
  replacePhones,
  replaceSchedules,
  replaceTerms,
  termIdsNotInService,
  updateServiceRow,
  type ContactFields,
  type LocationFields,
  type PhoneFields,
  type ScheduleFields,
  type ServiceRow,
} from './service-store.ts';
import type { DirectoryServicesTable, ServiceStatus } from './tables.ts';

export interface ServiceFields {
  name: string;
  alternateName?: string | null;
  description: string;
  url?: string | null;
  email?: string | null;
  status?: ServiceStatus;
  eligibilityDescription?: string | null;
  minimumAge?: number | null;
  maximumAge?: number | null;
  feesDescription?: string | null;
  applicationProcess?: string | null;
  interpretationServices?: string | null;
  acceptingReferrals: boolean;
  typicalResponseDays?: number | null;
  languages: string[];
  termIds: string[];
  locations: LocationFields[];
  phones: PhoneFields[];
  contacts: ContactFields[];
  schedules: ScheduleFields[];
}

export interface NewService extends ServiceFields {
  organisationId?: string;
}

const NESTED = ['termIds', 'locations', 'phones', 'contacts', 'schedules'] as const;

/** The directory's listing of a partner organisation, made the first time one of its services is listed. */
export async function directoryOrganizationFor(db: Queryable, tenantId: string, organisationId: string) {
  const listed = await findDirectoryOrganizationOf(db, tenantId, organisationId);
  if (listed) return listed;
  const organisation = await findOrganisation(db, tenantId, organisationId);
  if (!organisation) throw invalid('organisation_not_found', `No partner organisation of this library service has the id ${organisationId}.`);
  await insertDirectoryOrganization(db, tenantId, organisation);
  return (await findDirectoryOrganizationOf(db, tenantId, organisationId))!;
}

const tidyLanguages = (languages: readonly string[]) => [...new Set(languages.map((language) => language.toLowerCase()))];

function columnsOf(fields: Partial<ServiceFields>): Updateable<DirectoryServicesTable> {
  return {
    name: fields.name?.trim(),
    alternate_name: fields.alternateName,
    description: fields.description,
    url: fields.url,
    email: fields.email,
    status: fields.status,
    eligibility_description: fields.eligibilityDescription,
    minimum_age: fields.minimumAge,
    maximum_age: fields.maximumAge,
    fees_description: fields.feesDescription,
    application_process: fields.applicationProcess,
    interpretation_services: fields.interpretationServices,
    accepting_referrals: fields.acceptingReferrals,
    typical_response_days: fields.typicalResponseDays,
    languages: fields.languages && tidyLanguages(fields.languages),
  };
}

/** Rules the schema cannot say alone; the ages are checked as they will stand after the change. */
async function checkFields(db: Queryable, tenantId: string, fields: Partial<ServiceFields>, ages: { minimum: number | null; maximum: number | null }) {
  if (ages.minimum !== null && ages.maximum !== null && ages.minimum > ages.maximum) {
    throw invalid('age_range_invalid', `The minimum age (${ages.minimum}) is above the maximum age (${ages.maximum}).`, [{ field: 'minimumAge', message: 'must not be above maximumAge' }]);
  }
  fields.locations?.forEach((location, index) => {
    if ((location.latitude == null) !== (location.longitude == null)) {
      throw invalid('coordinates_incomplete', 'Give both latitude and longitude of a location, or neither.', [{ field: `locations.${index}`, message: 'needs both latitude and longitude' }]);
    }
  });
  fields.schedules?.forEach((schedule, index) => {
    if (schedule.closesAt <= schedule.opensAt) {
      throw invalid('schedule_invalid', `Opening hours must close after they open (${schedule.opensAt}–${schedule.closesAt}).`, [{ field: `schedules.${index}.closesAt`, message: 'must be after opensAt' }]);
    }
  });
  const unknownTerms = await termIdsNotInService(db, tenantId, fields.termIds ?? []);
  if (unknownTerms.length > 0) throw invalid('term_not_found', `No taxonomy term of this directory has the id ${unknownTerms.join(', ')}.`);
}

async function replaceNested(db: Queryable, tenantId: string, service: { id: string; organization_id: string }, fields: Partial<ServiceFields>) {
  if (fields.termIds) await replaceTerms(db, tenantId, service.id, fields.termIds);
  if (fields.locations) await replaceLocations(db, tenantId, service.id, service.organization_id, fields.locations);
  if (fields.phones) await replacePhones(db, tenantId, service.id, fields.phones.map((p) => ({ ...p, languages: p.languages && tidyLanguages(p.languages) })));
  if (fields.contacts) await replaceContacts(db, tenantId, service.id, fields.contacts);
  if (fields.schedules) await replaceSchedules(db, tenantId, service.id, fields.schedules);
}

/** Which nested lists a change replaced, and how many entries each now has, for the audit log. */
const replacedLists = (fields: Partial<ServiceFields>) => Object.fromEntries(NESTED.filter((key) => fields[key]).map((key) => [key, fields[key]!.length]));

export async function createService(db: Db, editor: Editor, fields: NewService): Promise<Service> {
  const { actor } = editor;
  return db.transaction().execute(async (trx) => {
    const organisationId = organisationActedFor(editor, fields.organisationId);
    await checkFields(trx, actor.tenantId, fields, { minimum: fields.minimumAge ?? null, maximum: fields.maximumAge ?? null });
    const organization = await directoryOrganizationFor(trx, actor.tenantId, organisationId);
    const columns = columnsOf(fields);
    const { id } = await insertServiceRow(trx, { ...columns, name: columns.name!, tenant_id: actor.tenantId, organization_id: organization.id, source_id: null, external_id: null, assured_date: null });
    await replaceNested(trx, actor.tenantId, { id, organization_id: organization.id }, fields);
    await recordAudit(trx, actor, {
      action: 'directory_service.created',
      entityType: 'directory_service',
      entityId: id,
      details: { name: columns.name, organisationId, ...replacedLists(fields) },
    });
    return loadService(trx, actor.tenantId, id);
  });
}

/** The service, held for a change; a caseworker reaches only her organisation's, and a feed's own records belong to the feed. */
async function lockedLocalService(db: Queryable, editor: Editor, id: string): Promise<ServiceRow> {
  const row = await lockServiceRow(db, editor.actor.tenantId, id, editor.confinedTo);
  if (!row) throw notFound('The service');
  if (row.source_id) throw conflict('service_imported', 'This service comes from an imported feed; change it at its source and import the feed again.');
  return row;
}

/** Changes a service; each nested list given replaces the whole list. */
export async function updateService(db: Db, editor: Editor, id: string, changes: Partial<ServiceFields>): Promise<Service> {
  const { actor } = editor;
  return db.transaction().execute(async (trx) => {
    const before = await lockedLocalService(trx, editor, id);
    const ages = { minimum: changes.minimumAge === undefined ? before.minimum_age : changes.minimumAge, maximum: changes.maximumAge === undefined ? before.maximum_age : changes.maximumAge };
    await checkFields(trx, actor.tenantId, changes, ages);
    const columns = columnsOf(changes);
    await updateServiceRow(trx, actor.tenantId, id, columns);
    await replaceNested(trx, actor.tenantId, before, changes);
    await recordAudit(trx, actor, {
      action: 'directory_service.updated',
      entityType: 'directory_service',
      entityId: id,
      details: { changes: changesBetween(before as unknown as Record<string, unknown>, columns as Record<string, unknown>), ...replacedLists(changes) },
    });
    return loadService(trx, actor.tenantId, id);
  });
}

export async function deleteService(db: Db, editor: Editor, id: string): Promise<void> {
  const { actor } = editor;
  await db.transaction().execute(async (trx) => {
    const service = await lockedLocalService(trx, editor, id);
    await deleteServiceRow(trx, actor.tenantId, id);
    await recordAudit(trx, actor, { action: 'directory_service.deleted', entityType: 'directory_service', entityId: id, details: { name: service.name, organizationId: service.organization_id } });
  });
}

export function getService(db: Db, tenantId: string, id: string): Promise<Service> {
  return loadService(db, tenantId, id);
}
