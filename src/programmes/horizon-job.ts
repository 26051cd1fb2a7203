import type { Database } from '../platform/database/database.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import type { Clock } from '../platform/time/clock.ts';
import { extendHorizons } from './schedules.ts';

export const SESSION_HORIZON_JOB = 'programmes.extend-session-horizon';

/** Each night, open-ended schedules gain the sessions that have come within twelve months. */
export function sessionHorizonJob(database: Database, clock: Clock): JobDefinition {
  return {
    name: SESSION_HORIZON_JOB,
    schedule: '17 2 * * *',
    handler: async () => {
      await extendHorizons(database.db, clock.today());
    },
  };
}
