import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { invalid, notFound } from '../platform/http/errors.ts';
import type { Format } from '../catalogue/tables.ts';
import { arrangementEnded } from './neighbours.ts';
import { findArrangementReader, findProfileRow, upsertProfileRow, type ArrangementReader, type ProfileColumns, type ProfileLists, type ProfileRow } from './choosing-store.ts';

export interface ReadingProfile extends ProfileLists {
  readerId: string;
  useHistory: boolean;
  /** The reader agreed to the library keeping what they read: only then may it guide suggestions. */
  historyConsent: boolean;
  updatedAt: Date | null;
}

export interface ProfileInput extends Partial<ProfileLists> {
  useHistory?: boolean;
}

export async function arrangementReader(db: Queryable, tenantId: string, arrangementId: string): Promise<ArrangementReader> {
  const arrangement = await findArrangementReader(db, tenantId, arrangementId);
  if (!arrangement) throw notFound('The arrangement');
  return arrangement;
}


function present(readerId: string, keepsHistory: boolean, row: ProfileRow | undefined): ReadingProfile {
  return {
    readerId,
    subjects: row?.subjects ?? [],
    authors: row?.authors ?? [],
    avoid: row?.avoid ?? [],
    formats: (row?.formats ?? []) as Format[],
    languages: row?.languages ?? [],
    notes: row?.notes ?? null,
    // Withdrawing consent to the history turns its use off too, whatever was saved before.
    useHistory: keepsHistory && (row?.use_history ?? false),
    historyConsent: keepsHistory,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Trimmed, blank entries dropped, each kept once whatever its case, in the order given. */
export function tidyList(values: readonly string[] = []): string[] {
  const seen = new Set<string>();
  const tidy: string[] = [];
  for (const value of values) {
    const trimmed = value.trim().replace(/\s+/g, ' ');
    const key = trimmed.toLocaleLowerCase();
    if (!trimmed || seen.has(key)) continue;
    seen.add(key);
    tidy.push(trimmed);
  }
  return tidy;
}

export async function getProfile(db: Db, tenantId: string, arrangementId: string): Promise<ReadingProfile> {
  const arrangement = await arrangementReader(db, tenantId, arrangementId);
  return present(arrangement.reader_id, arrangement.keeps_history, await findProfileRow(db, tenantId, arrangement.reader_id));
}

/**
 * Replaces the reader's profile. Their reading history may guide suggestions only when they have
 * agreed to the library keeping it.
 */
export async function saveProfile(db: Db, actor: Actor, arrangementId: string, input: ProfileInput): Promise<ReadingProfile> {
  return db.transaction().execute(async (trx) => {
    const arrangement = await arrangementReader(trx, actor.tenantId, arrangementId);
    if (arrangement.status !== 'active') throw arrangementEnded();
    const useHistory = input.useHistory ?? false;
    if (useHistory && !arrangement.keeps_history) {
      throw invalid('history_consent_required', 'The reader has not agreed to the library keeping their reading history, so it cannot guide suggestions.', [
        { field: 'useHistory', message: 'needs the reader’s consent to keeping a reading history' },
      ]);
    }
    const before = await findProfileRow(trx, actor.tenantId, arrangement.reader_id);
    const columns: ProfileColumns = {
      subjects: tidyList(input.subjects),
      authors: tidyList(input.authors),
      avoid: tidyList(input.avoid),
      formats: [...new Set(input.formats ?? [])],
      languages: [...new Set(input.languages ?? [])],
      notes: input.notes?.trim() || null,
      use_history: useHistory,
    };
    const row = await upsertProfileRow(trx, actor.tenantId, arrangement.reader_id, columns, actor.actorId);
    const previous: ProfileColumns = before
      ? { subjects: before.subjects, authors: before.authors, avoid: before.avoid, formats: before.formats as Format[], languages: before.languages, notes: before.notes, use_history: before.use_history }
      : { subjects: [], authors: [], avoid: [], formats: [], languages: [], notes: null, use_history: false };
    const changes = changesBetween({ ...previous }, { ...columns });
    // What a reader likes is personal: the log says which parts changed, and the notes never.
    if ('notes' in changes) changes.notes = { from: previous.notes === null ? null : 'set', to: columns.notes === null ? null : 'set' };
    await recordAudit(trx, actor, {
      action: 'good_neighbour.profile_updated',
      entityType: 'member',
      entityId: arrangement.reader_id,
      details: { arrangementId, changes },
    });
    return present(arrangement.reader_id, arrangement.keeps_history, row);
  });
}
