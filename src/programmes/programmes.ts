import type { Updateable } from 'kysely';
import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import { loadProgramme, loadProgrammeSummaries, loadSharedProgrammes, type Programme } from './programme-presenters.ts';
import {
  countScheduledSessionsAt,
  deleteProgrammeBranch,
  deleteTranslationRow,
  idsNotInService,
  insertProgrammeBranch,
  insertProgrammeRow,
  lockProgrammeRow,
  replacePartnerRows,
  replaceTopicRows,
  replaceTranslationRows,
  updateProgrammeRow,
  upsertTranslationRow,
  type TranslationFields,
} from './programme-store.ts';
import { zonedInstant } from './recurrence.ts';
import { timeZoneOf } from './session-store.ts';
import type { Audience, ProgrammesTable, ProgrammeStatus } from './tables.ts';

export interface ProgrammeFields {
  name: string;
  description?: string;
  /** The language of the name, description and note. */
  language?: string;
  audience?: Audience;
  womenOnly?: boolean;
  free?: boolean;
  bookingNeeded?: boolean;
  eligibilityNote?: string | null;
  suggestedDonationPence?: number | null;
  shared?: boolean;
  partnerOrganisationIds?: string[];
  topicIds?: string[];
  translations?: TranslationFields[];
}

export interface NewProgramme extends ProgrammeFields {
  branchIds?: string[];
}

export interface ProgrammeChanges extends Partial<ProgrammeFields> {
  status?: ProgrammeStatus;
}

export const programmeNameTaken = () => conflict('programme_name_taken', 'Another programme of this library service already has this name.');

const REFERENCES = [
  { table: 'branches', code: 'branch_not_found', what: 'branch' },
  { table: 'organisations', code: 'organisation_not_found', what: 'partner organisation' },
  { table: 'skill_topics', code: 'topic_not_found', what: 'topic' },
] as const;

/** Branches, partners and topics must be the library service's own. */
export async function checkReferences(db: Queryable, tenantId: string, ids: { branches?: string[]; organisations?: string[]; skill_topics?: string[] }) {
  for (const { table, code, what } of REFERENCES) {
    const missing = await idsNotInService(db, table, tenantId, ids[table] ?? []);
    if (missing.length > 0) throw invalid(code, `No ${what} of this library service has the id ${missing.join(', ')}.`);
  }
}

const languageTag = (language: string) => language.trim().toLowerCase();

function checkTranslations(programmeLanguage: string, translations: readonly TranslationFields[]): TranslationFields[] {
  const tidied = translations.map((t) => ({ ...t, language: languageTag(t.language), name: t.name.trim() }));
  const languages = tidied.map((t) => t.language);
  if (new Set(languages).size !== languages.length) throw invalid('translation_duplicated', 'Each language may have one translation.');
  if (languages.includes(programmeLanguage)) {
    throw invalid('translation_same_language', `The programme’s own text is already in ${programmeLanguage}; translate it into another language.`);
  }
  return tidied;
}

function columnsOf(fields: Partial<ProgrammeFields> & { status?: ProgrammeStatus }): Updateable<ProgrammesTable> {
  return {
    name: fields.name?.trim(),
    description: fields.description,
    language: fields.language === undefined ? undefined : languageTag(fields.language),
    audience: fields.audience,
    women_only: fields.womenOnly,
    free: fields.free,
    booking_needed: fields.bookingNeeded,
    eligibility_note: fields.eligibilityNote === undefined ? undefined : fields.eligibilityNote?.trim() || null,
    suggested_donation_pence: fields.suggestedDonationPence,
    shared: fields.shared,
    status: fields.status,
  };
}

export async function createProgramme(db: Db, actor: Actor, fields: NewProgramme): Promise<Programme> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const columns = columnsOf(fields);
        const translations = checkTranslations(columns.language ?? 'en', fields.translations ?? []);
        const branchIds = [...new Set(fields.branchIds ?? [])];
        await checkReferences(trx, actor.tenantId, { branches: branchIds, organisations: fields.partnerOrganisationIds, skill_topics: fields.topicIds });
        const { id } = await insertProgrammeRow(trx, { ...columns, name: columns.name!, tenant_id: actor.tenantId, created_by: actor.actorId });
        await replaceTranslationRows(trx, actor.tenantId, id, translations);
        for (const branchId of branchIds) await insertProgrammeBranch(trx, actor.tenantId, id, branchId, actor.actorId);
        await replacePartnerRows(trx, actor.tenantId, id, fields.partnerOrganisationIds ?? []);
        await replaceTopicRows(trx, actor.tenantId, id, fields.topicIds ?? []);
        await recordAudit(trx, actor, {
          action: 'programme.created',
          entityType: 'programme',
          entityId: id,
          details: { name: columns.name, branchIds, languages: translations.map((t) => t.language) },
        });
        return loadProgramme(trx, actor.tenantId, id);
      }),
    programmeNameTaken,
  );
}

async function lockedProgramme(db: Queryable, actor: Actor, id: string) {
  const row = await lockProgrammeRow(db, actor.tenantId, id);
  if (!row) throw notFound('The programme');
  return row;
}

/** Changes a programme; translations, partners or topics given replace the whole set. */
export async function updateProgramme(db: Db, actor: Actor, id: string, changes: ProgrammeChanges): Promise<Programme> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const before = await lockedProgramme(trx, actor, id);
        const columns = columnsOf(changes);
        const language = columns.language ?? before.language;
        await checkReferences(trx, actor.tenantId, { organisations: changes.partnerOrganisationIds, skill_topics: changes.topicIds });
        if (changes.translations) await replaceTranslationRows(trx, actor.tenantId, id, checkTranslations(language, changes.translations));
        if (changes.partnerOrganisationIds) await replacePartnerRows(trx, actor.tenantId, id, changes.partnerOrganisationIds);
        if (changes.topicIds) await replaceTopicRows(trx, actor.tenantId, id, changes.topicIds);
        await updateProgrammeRow(trx, actor.tenantId, id, columns);
        await recordAudit(trx, actor, {
          action: 'programme.updated',
          entityType: 'programme',
          entityId: id,
          details: {
            changes: changesBetween(before as unknown as Record<string, unknown>, columns as Record<string, unknown>),
            ...(changes.translations && { languages: changes.translations.map((t) => languageTag(t.language)) }),
            ...(changes.partnerOrganisationIds && { partnerOrganisationIds: changes.partnerOrganisationIds }),
            ...(changes.topicIds && { topicIds: changes.topicIds }),
          },
        });
        const programme = await loadProgramme(trx, actor.tenantId, id);
        if (columns.language && programme.translations.some((t) => t.language === language)) {
          throw invalid('translation_same_language', `The programme already has a translation into ${language}; remove it before making ${language} its own language.`);
        }
        return programme;
      }),
    programmeNameTaken,
  );
}

export async function saveTranslation(db: Db, actor: Actor, id: string, translation: TranslationFields): Promise<Programme> {
  return db.transaction().execute(async (trx) => {
    const programme = await lockedProgramme(trx, actor, id);
    const [tidied] = checkTranslations(programme.language, [translation]);
    await upsertTranslationRow(trx, actor.tenantId, id, tidied!);
    await recordAudit(trx, actor, { action: 'programme.translation_saved', entityType: 'programme', entityId: id, details: { language: tidied!.language } });
    return loadProgramme(trx, actor.tenantId, id);
  });
}

export async function removeTranslation(db: Db, actor: Actor, id: string, language: string): Promise<Programme> {
  return db.transaction().execute(async (trx) => {
    await lockedProgramme(trx, actor, id);
    if (!(await deleteTranslationRow(trx, actor.tenantId, id, languageTag(language)))) throw notFound('The translation');
    await recordAudit(trx, actor, { action: 'programme.translation_removed', entityType: 'programme', entityId: id, details: { language: languageTag(language) } });
    return loadProgramme(trx, actor.tenantId, id);
  });
}

/** The programme starts running at one more branch. */
export async function addProgrammeBranch(db: Db, actor: Actor, id: string, branchId: string): Promise<Programme> {
  return db.transaction().execute(async (trx) => {
    await lockedProgramme(trx, actor, id);
    await checkReferences(trx, actor.tenantId, { branches: [branchId] });
    if (!(await insertProgrammeBranch(trx, actor.tenantId, id, branchId, actor.actorId))) {
      throw conflict('branch_already_in_programme', 'The programme already runs at this branch.');
    }
    await recordAudit(trx, actor, { action: 'programme.branch_added', entityType: 'programme', entityId: id, details: { branchId } });
    return loadProgramme(trx, actor.tenantId, id);
  });
}

/** The programme stops running at a branch, once no session is still to come there. */
export async function removeProgrammeBranch(db: Db, actor: Actor, today: string, id: string, branchId: string): Promise<Programme> {
  return db.transaction().execute(async (trx) => {
    await lockedProgramme(trx, actor, id);
    const startOfToday = zonedInstant(today, '00:00', await timeZoneOf(trx, actor.tenantId));
    const coming = await countScheduledSessionsAt(trx, actor.tenantId, id, branchId, startOfToday);
    if (coming > 0) {
      throw conflict('branch_has_sessions', `The programme still has ${coming} session(s) to come at this branch; delete their schedule or cancel them first.`);
    }
    if (!(await deleteProgrammeBranch(trx, actor.tenantId, id, branchId))) throw notFound('The programme’s branch');
    await recordAudit(trx, actor, { action: 'programme.branch_removed', entityType: 'programme', entityId: id, details: { branchId } });
    return loadProgramme(trx, actor.tenantId, id);
  });
}

export async function getProgramme(db: Db, tenantId: string, id: string): Promise<Programme> {
  return loadProgramme(db, tenantId, id);
}

export async function listProgrammes(db: Db, tenantId: string, today: string, status?: ProgrammeStatus) {
  const startOfToday = zonedInstant(today, '00:00', await timeZoneOf(db, tenantId));
  return { items: await loadProgrammeSummaries(db, tenantId, startOfToday, status) };
}

export async function listSharedProgrammes(db: Db, tenantId: string) {
  return { items: await loadSharedProgrammes(db, tenantId) };
}
