import { sql } from 'kysely';
import type { Database, Queryable } from '../platform/database/database.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';

export const PRUNE_VOCABULARY_JOB = 'catalogue.prune-vocabulary';

/**
 * Drops the words that no record's title or authors hold any more, once a record is retitled or
 * removed, so a misspelt search is never put right to a word that finds nothing. Triggers only
 * ever add words; this reads every record, so it runs at night.
 */
export async function pruneVocabulary(db: Queryable): Promise<number> {
  const result = await sql`
    with held as materialized (
      select distinct r.tenant_id, word from catalogue_records r, catalogue_words_in(r.search_names) as word)
    delete from catalogue_words w where not exists (select 1 from held h where h.tenant_id = w.tenant_id and h.word = w.word)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Each night at 03:41 UTC, when few are searching. */
export function pruneVocabularyJob(database: Database): JobDefinition {
  return {
    name: PRUNE_VOCABULARY_JOB,
    schedule: '41 3 * * *',
    handler: async () => {
      await pruneVocabulary(database.db);
    },
  };
}
