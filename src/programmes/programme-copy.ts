import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { notFound } from '../platform/http/errors.ts';
import { loadProgramme, type Programme } from './programme-presenters.ts';
import {
  findCopyableProgrammeRow,
  findTopicIdByName,
  insertProgrammeBranch,
  insertProgrammeRow,
  insertTopicCopy,
  partnerRowsOf,
  replacePartnerRows,
  replaceTopicRows,
  replaceTranslationRows,
  topicRowsForCopy,
  translationRows,
} from './programme-store.ts';
import { checkReferences, programmeNameTaken } from './programmes.ts';

export interface ProgrammeCopy {
  name: string;
  branchIds?: string[];
}

/**
 * The caller's service's topics for a programme copied from another service: each matched by
 * name, or copied over with its resources when the service has no topic of that name.
 */
async function topicsInService(db: Queryable, actor: Actor, sourceProgrammeId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const topic of await topicRowsForCopy(db, sourceProgrammeId)) {
    const existing = await findTopicIdByName(db, actor.tenantId, topic.name);
    ids.push(existing?.id ?? (await insertTopicCopy(db, actor.tenantId, topic, actor.actorId)));
  }
  return ids;
}

/**
 * Starts a programme from another as a template: its text, translations, eligibility, suggested
 * donation and topics. From another library service only what it shared publicly comes across —
 * never its sessions, participants or partners.
 */
export async function copyProgramme(db: Db, actor: Actor, sourceId: string, copy: ProgrammeCopy): Promise<Programme> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const source = await findCopyableProgrammeRow(trx, actor.tenantId, sourceId);
        if (!source) throw notFound('The programme');
        const sameService = source.tenant_id === actor.tenantId;
        const branchIds = [...new Set(copy.branchIds ?? [])];
        await checkReferences(trx, actor.tenantId, { branches: branchIds });
        const { id } = await insertProgrammeRow(trx, {
          tenant_id: actor.tenantId,
          name: copy.name.trim(),
          description: source.description,
          language: source.language,
          audience: source.audience,
          women_only: source.women_only,
          free: source.free,
          booking_needed: source.booking_needed,
          eligibility_note: source.eligibility_note,
          suggested_donation_pence: source.suggested_donation_pence,
          copied_from_id: source.id,
          created_by: actor.actorId,
        });
        const translations = await translationRows(trx, [source.id]);
        await replaceTranslationRows(
          trx,
          actor.tenantId,
          id,
          translations.map((t) => ({ language: t.language, name: t.name, description: t.description, eligibilityNote: t.eligibility_note })),
        );
        for (const branchId of branchIds) await insertProgrammeBranch(trx, actor.tenantId, id, branchId, actor.actorId);
        if (sameService) await replacePartnerRows(trx, actor.tenantId, id, (await partnerRowsOf(trx, [source.id])).map((p) => p.id));
        const topicIds = sameService ? (await topicRowsForCopy(trx, source.id)).map((t) => t.id) : await topicsInService(trx, actor, source.id);
        await replaceTopicRows(trx, actor.tenantId, id, topicIds);
        await recordAudit(trx, actor, {
          action: 'programme.copied',
          entityType: 'programme',
          entityId: id,
          details: { sourceId: source.id, fromAnotherService: !sameService, name: copy.name.trim(), branchIds },
        });
        return loadProgramme(trx, actor.tenantId, id);
      }),
    programmeNameTaken,
  );
}
