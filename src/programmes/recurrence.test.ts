import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/http/errors.ts';
import { checkRrule, firstOccurrenceDate, localParts, occurrencesOf, ruleEndingAt, zonedInstant } from './recurrence.ts';

const LONDON = 'Europe/London';
const tuesdays = { firstDate: '2026-10-06', startsLocal: '10:00', endsLocal: '11:30', timeZone: LONDON };

const problemOf = (rule: string) => {
  try {
    checkRrule(rule);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, status: (error as AppError).status, detail: (error as AppError).detail };
  }
  throw new Error(`${rule} was accepted`);
};

describe('zonedInstant and localParts', () => {
  it('reads London wall-clock time in summer time and in winter time', () => {
    expect(zonedInstant('2026-10-20', '10:00', LONDON).toISOString()).toBe('2026-10-20T09:00:00.000Z');
    expect(zonedInstant('2026-10-27', '10:00', LONDON).toISOString()).toBe('2026-10-27T10:00:00.000Z');
    expect(zonedInstant('2026-10-27', '10:00:30', LONDON).toISOString()).toBe('2026-10-27T10:00:30.000Z');
  });

  it('moves a time the clocks skip in March forward by the hour', () => {
    // 28 March 2027: clocks go from 01:00 GMT to 02:00 BST.
    expect(zonedInstant('2027-03-28', '01:30', LONDON).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(localParts(zonedInstant('2027-03-28', '01:30', LONDON), LONDON)).toEqual({ date: '2027-03-28', time: '02:30' });
    expect(zonedInstant('2027-03-28', '00:30', LONDON).toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(zonedInstant('2027-03-28', '02:00', LONDON).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('takes a time that happens twice in October the first time', () => {
    // 25 October 2026: clocks go back from 02:00 BST to 01:00 GMT, so 01:30 happens twice.
    expect(zonedInstant('2026-10-25', '01:30', LONDON).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-10-25', '02:00', LONDON).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('works in other zones and gives local dates across midnight', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(localParts(new Date('2026-07-01T23:30:00Z'), LONDON)).toEqual({ date: '2026-07-02', time: '00:30' });
    expect(localParts(new Date('2026-12-01T23:30:00Z'), LONDON)).toEqual({ date: '2026-12-01', time: '23:30' });
  });
});

describe('occurrencesOf', () => {
  it('keeps weekly Tuesday 10:00 at ten o’clock in London across the late-October change', () => {
    const occurrences = occurrencesOf('FREQ=WEEKLY;BYDAY=TU', tuesdays, '2026-10-13', '2026-11-03');
    expect(occurrences.map((o) => [o.date, o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['2026-10-13', '2026-10-13T09:00:00.000Z', '2026-10-13T10:30:00.000Z'],
      ['2026-10-20', '2026-10-20T09:00:00.000Z', '2026-10-20T10:30:00.000Z'],
      ['2026-10-27', '2026-10-27T10:00:00.000Z', '2026-10-27T11:30:00.000Z'],
      ['2026-11-03', '2026-11-03T10:00:00.000Z', '2026-11-03T11:30:00.000Z'],
    ]);
  });

  it('moves back to summer time after the March change', () => {
    const occurrences = occurrencesOf('FREQ=WEEKLY;BYDAY=TU', tuesdays, '2027-03-23', '2027-03-30');
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual(['2027-03-23T10:00:00.000Z', '2027-03-30T09:00:00.000Z']);
  });

  it('stops after COUNT occurrences, counted from the first date', () => {
    const occurrences = occurrencesOf('FREQ=WEEKLY;BYDAY=TU;COUNT=3', tuesdays, '2026-01-01', '2027-12-31');
    expect(occurrences.map((o) => o.date)).toEqual(['2026-10-06', '2026-10-13', '2026-10-20']);
    expect(occurrencesOf('FREQ=WEEKLY;BYDAY=TU;COUNT=3', tuesdays, '2026-10-14', '2027-12-31').map((o) => o.date)).toEqual(['2026-10-20']);
  });

  it('includes the whole day of a date-only UNTIL, and reads a UTC UNTIL as local time', () => {
    expect(occurrencesOf('FREQ=WEEKLY;BYDAY=TU;UNTIL=20261020', tuesdays, '2026-10-01', '2026-12-31').map((o) => o.date)).toEqual(['2026-10-06', '2026-10-13', '2026-10-20']);
    // 09:00Z on 20 October is 10:00 BST: that occurrence is the last.
    expect(occurrencesOf('FREQ=WEEKLY;BYDAY=TU;UNTIL=20261020T090000Z', tuesdays, '2026-10-01', '2026-12-31').map((o) => o.date)).toEqual(['2026-10-06', '2026-10-13', '2026-10-20']);
    expect(occurrencesOf('FREQ=WEEKLY;BYDAY=TU;UNTIL=20261020T085959Z', tuesdays, '2026-10-01', '2026-12-31').map((o) => o.date)).toEqual(['2026-10-06', '2026-10-13']);
  });

  it('expands monthly rules with numbered weekdays and intervals', () => {
    const secondTuesdays = occurrencesOf('FREQ=MONTHLY;BYDAY=2TU', { ...tuesdays, firstDate: '2026-10-01' }, '2026-10-01', '2027-01-31');
    expect(secondTuesdays.map((o) => o.date)).toEqual(['2026-10-13', '2026-11-10', '2026-12-08', '2027-01-12']);
    const fortnightly = occurrencesOf('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', tuesdays, '2026-10-01', '2026-11-10');
    expect(fortnightly.map((o) => o.date)).toEqual(['2026-10-06', '2026-10-20', '2026-11-03']);
  });

  it('finds the first date the rule gives, and ends a rule at a chosen start', () => {
    expect(firstOccurrenceDate('FREQ=WEEKLY;BYDAY=TU', { ...tuesdays, firstDate: '2026-10-01' })).toBe('2026-10-06');
    expect(firstOccurrenceDate('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', tuesdays)).toBeNull();
    const ended = ruleEndingAt('FREQ=WEEKLY;BYDAY=TU;COUNT=40', new Date('2026-10-13T09:00:00Z'));
    expect(ended).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20261013T090000Z');
    expect(occurrencesOf(ended, tuesdays, '2026-10-01', '2027-12-31').map((o) => o.date)).toEqual(['2026-10-06', '2026-10-13']);
  });
});

describe('checkRrule', () => {
  it('tidies a good rule', () => {
    expect(checkRrule(' rrule:freq=weekly;byday=tu,th ')).toBe('FREQ=WEEKLY;BYDAY=TU,TH');
    expect(checkRrule('FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2')).toBe('FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2');
  });

  it.each([
    ['', 'it is empty'],
    ['BYDAY=TU', 'FREQ is required'],
    ['FREQ=FORTNIGHTLY', 'FREQ=FORTNIGHTLY is not a frequency'],
    ['FREQ=HOURLY', 'sessions repeat at most daily'],
    ['FREQ=MINUTELY;INTERVAL=30', 'sessions repeat at most daily'],
    ['FREQ=SECONDLY', 'sessions repeat at most daily'],
    ['FREQ=WEEKLY;BYDAY=TUE', 'BYDAY has "TUE"'],
    ['FREQ=WEEKLY;BYDAY=2TU', 'only monthly and yearly rules allow'],
    ['FREQ=WEEKLY;COLOUR=RED', 'COLOUR is not a part of an RRULE'],
    ['FREQ=WEEKLY;COUNT=5;UNTIL=20270101', 'COUNT and UNTIL cannot both be given'],
    ['FREQ=WEEKLY;DTSTART=20261006T100000', 'DTSTART does not belong in the rule'],
    ['FREQ=DAILY;BYHOUR=10', 'startsLocal and endsLocal'],
    ['FREQ=WEEKLY;UNTIL=2027-01-01', 'UNTIL must be a date'],
    ['FREQ=WEEKLY;UNTIL=20270230', 'not a real date'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must list whole numbers'],
    ['FREQ=WEEKLY;FREQ=DAILY', 'FREQ is given twice'],
    ['FREQ=WEEKLY;;BYDAY=TU', 'is not a NAME=VALUE part'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY must list whole numbers'],
  ])('rejects %j with a helpful detail', (rule, detail) => {
    const problem = problemOf(rule);
    expect(problem).toMatchObject({ code: 'invalid_rrule', status: 400 });
    expect(problem.detail).toContain(detail);
  });
});
