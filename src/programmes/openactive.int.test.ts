import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeProgrammeAtBranch } from './factories.ts';
import { changeOccurrence, makeSchedule, setBranchAddress } from './public-factories.ts';

const t = useTestHearth();

interface RpdeItem {
  state: string;
  kind: string;
  id: string;
  modified: number;
  data?: Record<string, unknown>;
}

/** Follows `next` links from the start until a page comes back empty, as a harvester does. */
async function harvest(path: string) {
  const items: RpdeItem[] = [];
  let url = path;
  for (;;) {
    const page = (await anonymous(t.app).get(url.replace('http://hearth.test', ''))).json();
    if (page.items.length === 0) return { items, last: url };
    items.push(...page.items);
    url = page.next;
  }
}

describe('OpenActive RPDE feeds', () => {
  it('publishes a women-only programme as a SessionSeries and its sessions as ScheduledSessions with place, status and restriction', async () => {
    const { tenantId } = await newLibraryService(t);
    const db = t.hearth.database.db;
    const { programme, branch } = await makeProgrammeAtBranch(db, tenantId, { name: 'Chat and chill', womenOnly: true });
    await setBranchAddress(db, branch.id, 'Northgate Street, Ipswich IP1 3DE');
    const schedule = await makeSchedule(db, tenantId, { programmeId: programme.id, branchId: branch.id, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3', firstDate: '2026-10-20' });
    await changeOccurrence(db, schedule.id, '2026-10-27', { status: 'cancelled' });
    const withdrawn = await changeOccurrence(db, schedule.id, '2026-11-03', { status: 'withdrawn' });

    const series = (await harvest('/api/public/openactive/session-series')).items.find((item) => item.id === programme.id)!;
    expect(series).toMatchObject({ state: 'updated', kind: 'SessionSeries' });
    expect(series.data).toMatchObject({ '@type': 'SessionSeries', name: 'Chat and chill', genderRestriction: 'https://openactive.io/FemaleOnly', isAccessibleForFree: true });

    const sessions = (await harvest('/api/public/openactive/scheduled-sessions')).items.filter((item) => item.data?.superEvent === series.data!['@id'] || item.id === withdrawn.id);
    expect(sessions.map((s) => s.state).sort()).toEqual(['deleted', 'updated', 'updated']);
    expect(sessions.find((s) => s.id === withdrawn.id)).toEqual({ state: 'deleted', kind: 'ScheduledSession', id: withdrawn.id, modified: expect.any(Number) });
    const byStart = Object.fromEntries(sessions.filter((s) => s.data).map((s) => [s.data!.startDate, s.data!]));
    expect(byStart['2026-10-20T10:00:00+01:00']).toMatchObject({
      '@type': 'ScheduledSession',
      endDate: '2026-10-20T11:30:00+01:00',
      duration: 'PT1H30M',
      eventStatus: 'https://schema.org/EventScheduled',
      genderRestriction: 'https://openactive.io/FemaleOnly',
      isAccessibleForFree: true,
      location: { '@type': 'Place', name: branch.name, address: { '@type': 'PostalAddress', streetAddress: 'Northgate Street, Ipswich IP1 3DE' } },
    });
    expect(byStart['2026-10-27T10:00:00+00:00']).toMatchObject({ eventStatus: 'https://schema.org/EventCancelled' });
  });

  it('pages by (modified, id) so a harvester sees only what changed since its last page', async () => {
    const { tenantId } = await newLibraryService(t);
    const db = t.hearth.database.db;
    const { programme, branch } = await makeProgrammeAtBranch(db, tenantId);
    const schedule = await makeSchedule(db, tenantId, { programmeId: programme.id, branchId: branch.id, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=2', firstDate: '2026-12-03' });
    const { last } = await harvest('/api/public/openactive/scheduled-sessions');

    const cancelled = await changeOccurrence(db, schedule.id, '2026-12-10', { status: 'cancelled' });
    const page = (await anonymous(t.app).get(last.replace('http://hearth.test', ''))).json();

    expect(page.items.map((item: RpdeItem) => item.id)).toEqual([cancelled.id]);
    expect(page.next).toContain(`afterId=${cancelled.id}`);
  });

  it('refuses a malformed cursor', async () => {
    expectProblem(await anonymous(t.app).get('/api/public/openactive/scheduled-sessions?afterTimestamp=soon'), 400, 'validation_failed');
    expectProblem(await anonymous(t.app).get('/api/public/openactive/session-series?afterTimestamp=1&afterId=7'), 400, 'validation_failed');
  });
});
