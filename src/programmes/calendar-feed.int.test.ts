import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeBranch } from '../circulation/factories.ts';
import { makeProgramme, makeProgrammeAtBranch, makeSession } from './factories.ts';
import { changeOccurrence, makeSchedule, setBranchAddress } from './public-factories.ts';

const t = useTestHearth();

/** The feed read by an independent parser: its events, with each override related to its series. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  const series = events.filter((event) => event.isRecurring());
  for (const override of events.filter((event) => event.isRecurrenceException())) series.find((s) => s.uid === override.uid)?.relateException(override);
  return { calendar, events, series, single: events.filter((event) => !event.isRecurring() && !event.isRecurrenceException()) };
}

/** Every occurrence of a recurring event as ical.js expands it: its real start and end. */
function expand(event: ICAL.Event) {
  const occurrences: { start: string; end: string; summary: string }[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    occurrences.push({ start: details.startDate.toJSDate().toISOString(), end: details.endDate.toJSDate().toISOString(), summary: details.item.summary });
  }
  return occurrences;
}

async function tuesdayGroup(name = 'Chat and chill') {
  const { tenantId } = await newLibraryService(t);
  const db = t.hearth.database.db;
  const { programme, branch } = await makeProgrammeAtBranch(db, tenantId, { name, womenOnly: true });
  await setBranchAddress(db, branch.id, 'Northgate Street, Ipswich IP1 3DE');
  // Tuesdays at 10:00 in London, across the clocks going back on Sunday 25 October 2026.
  const schedule = await makeSchedule(db, tenantId, { programmeId: programme.id, branchId: branch.id, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4', firstDate: '2026-10-13' });
  return { tenantId, programme, branch, schedule };
}

describe('GET /api/public/programmes/{id}/calendar.ics', () => {
  it('gives a weekly session at 10:00 London time across the October clock change, as an independent parser reads it', async () => {
    const { programme } = await tuesdayGroup();

    const response = await anonymous(t.app).get(`/api/public/programmes/${programme.id}/calendar.ics`);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.body).toContain('BEGIN:VTIMEZONE');
    expect(response.body).toContain('DTSTART;TZID=Europe/London:20261013T100000');
    const { series } = parseFeed(response.body);
    expect(series).toHaveLength(1);
    expect(series[0]!.summary).toBe('Chat and chill');
    expect(series[0]!.location).toContain('Northgate Street, Ipswich');
    expect(expand(series[0]!).map((o) => o.start)).toEqual([
      '2026-10-13T09:00:00.000Z',
      '2026-10-20T09:00:00.000Z',
      '2026-10-27T10:00:00.000Z',
      '2026-11-03T10:00:00.000Z',
    ]);
    expect(expand(series[0]!)[2]!.end).toBe('2026-10-27T11:30:00.000Z');
  });

  it('leaves a cancelled occurrence out (EXDATE) and carries a moved one as its own event (RECURRENCE-ID)', async () => {
    const { programme, schedule } = await tuesdayGroup();
    const db = t.hearth.database.db;
    await changeOccurrence(db, schedule.id, '2026-10-20', { status: 'cancelled' });
    await changeOccurrence(db, schedule.id, '2026-11-03', { startsAt: new Date('2026-11-03T13:00:00Z'), endsAt: new Date('2026-11-03T14:00:00Z'), topic: 'Booking a GP appointment' });

    const response = await anonymous(t.app).get(`/api/public/programmes/${programme.id}/calendar.ics`);

    expect(response.body).toContain('EXDATE;TZID=Europe/London:20261020T100000');
    expect(response.body).toContain('RECURRENCE-ID;TZID=Europe/London:20261103T100000');
    const occurrences = expand(parseFeed(response.body).series[0]!);
    expect(occurrences.map((o) => o.start)).toEqual(['2026-10-13T09:00:00.000Z', '2026-10-27T10:00:00.000Z', '2026-11-03T13:00:00.000Z']);
    expect(occurrences[2]!.summary).toBe('Chat and chill: Booking a GP appointment');
  });

  it('ends an open-ended rule at its last planned occurrence, so withdrawn occurrences do not reappear', async () => {
    const { tenantId } = await newLibraryService(t);
    const db = t.hearth.database.db;
    const { programme, branch } = await makeProgrammeAtBranch(db, tenantId);
    const schedule = await makeSchedule(db, tenantId, { programmeId: programme.id, branchId: branch.id, rrule: 'FREQ=WEEKLY;BYDAY=WE', firstDate: '2027-01-06', untilDate: '2027-01-27' });
    await changeOccurrence(db, schedule.id, '2027-01-27', { status: 'withdrawn' });

    const response = await anonymous(t.app).get(`/api/public/programmes/${programme.id}/calendar.ics`);

    const occurrences = expand(parseFeed(response.body).series[0]!);
    expect(occurrences.map((o) => o.start)).toEqual(['2027-01-06T10:00:00.000Z', '2027-01-13T10:00:00.000Z', '2027-01-20T10:00:00.000Z']);
  });

  it('lists one-off sessions as single events, cancelled ones marked, and joint sessions in both programmes’ feeds', async () => {
    const { tenantId } = await newLibraryService(t);
    const db = t.hearth.database.db;
    const branch = await makeBranch(db, tenantId);
    const english = await makeProgramme(db, tenantId, { name: 'Basic English', branchIds: [branch.id] });
    const gardening = await makeProgramme(db, tenantId, { name: 'Gardening club', branchIds: [branch.id] });
    await makeSession(db, tenantId, { programmeId: english.id, branchId: branch.id, startsAt: new Date('2027-04-06T09:00:00Z'), jointProgrammeId: gardening.id });
    const cancelled = await makeSession(db, tenantId, { programmeId: english.id, branchId: branch.id, startsAt: new Date('2027-04-13T09:00:00Z') });
    await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', cancelled.id).execute();

    const englishFeed = parseFeed((await anonymous(t.app).get(`/api/public/programmes/${english.id}/calendar.ics`)).body);
    const gardeningFeed = parseFeed((await anonymous(t.app).get(`/api/public/programmes/${gardening.id}/calendar.ics`)).body);

    expect(englishFeed.single.map((e) => [e.summary, e.startDate.toJSDate().toISOString(), e.component.getFirstPropertyValue('status')])).toEqual([
      ['Basic English + Gardening club', '2027-04-06T09:00:00.000Z', 'CONFIRMED'],
      ['Basic English', '2027-04-13T09:00:00.000Z', 'CANCELLED'],
    ]);
    expect(englishFeed.single[0]!.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/London');
    expect(gardeningFeed.single.map((e) => e.summary)).toEqual(['Basic English + Gardening club']);
  });

  it('answers 404 for an unknown or archived programme', async () => {
    const { tenantId } = await newLibraryService(t);
    const { programme } = await makeProgrammeAtBranch(t.hearth.database.db, tenantId);
    await t.hearth.database.db.updateTable('programmes').set({ status: 'archived' }).where('id', '=', programme.id).execute();

    expectProblem(await anonymous(t.app).get(`/api/public/programmes/${programme.id}/calendar.ics`), 404, 'not_found');
    expectProblem(await anonymous(t.app).get('/api/public/programmes/00000000-0000-4000-8000-000000000000/calendar.ics'), 404, 'not_found');
    expectProblem(await anonymous(t.app).get('/api/public/programmes/not-an-id/calendar.ics'), 400, 'validation_failed');
  });
});

describe('GET /api/public/branches/{id}/calendar.ics', () => {
  it('gives every active programme’s sessions at the branch and none from elsewhere', async () => {
    const { tenantId, programme, branch } = await tuesdayGroup('Chat and chill at the branch');
    const db = t.hearth.database.db;
    const elsewhere = await makeProgrammeAtBranch(db, tenantId, { name: 'Elsewhere club' });
    await makeSchedule(db, tenantId, { programmeId: elsewhere.programme.id, branchId: elsewhere.branch.id, rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=2', firstDate: '2026-10-12' });
    await makeSession(db, tenantId, { programmeId: programme.id, branchId: branch.id, startsAt: new Date('2027-02-02T14:00:00Z') });

    const response = await anonymous(t.app).get(`/api/public/branches/${branch.id}/calendar.ics`);

    expect(response.statusCode).toBe(200);
    const { events } = parseFeed(response.body);
    expect(events.map((e) => e.summary)).toEqual(['Chat and chill at the branch', 'Chat and chill at the branch']);
    expectProblem(await anonymous(t.app).get('/api/public/branches/00000000-0000-4000-8000-000000000000/calendar.ics'), 404, 'not_found');
  });
});
