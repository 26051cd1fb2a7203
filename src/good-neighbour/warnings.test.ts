import { describe, expect, it } from 'vitest';
import { autoRenewable, fingerprintEntries, fingerprintOf, firstName, isNews, listingFor, warningHorizon, type WarningLoan } from './warnings.ts';

const TODAY = '2026-12-01';

let sequence = 0;
const loan = (fields: Partial<WarningLoan> = {}): WarningLoan => ({
  id: `loan-${++sequence}`,
  title: `Title ${sequence}`,
  author: 'Ann Author',
  format: 'large_print',
  coverUrl: null,
  issuedOn: '2026-11-01',
  collectedBy: 'Matthew',
  dueDate: '2026-12-08',
  misplacedOn: null,
  loanDays: 42,
  ...fields,
});

describe('the warning horizon', () => {
  it('is the next visit plus the margin, or a week ahead plus the margin without a visit', () => {
    expect(warningHorizon('2026-12-10', TODAY, 2)).toBe('2026-12-12');
    expect(warningHorizon('2026-12-10', TODAY, 0)).toBe('2026-12-10');
    expect(warningHorizon(null, TODAY, 2)).toBe('2026-12-10');
  });
});

describe('a listing', () => {
  it('lists loans due before the horizon, soonest first, and every misplaced one under still to find', () => {
    const later = loan({ dueDate: '2026-12-09', title: 'Later' });
    const sooner = loan({ dueDate: '2026-12-03', title: 'Sooner' });
    const overdue = loan({ dueDate: '2026-11-28', title: 'Overdue' });
    const afterVisit = loan({ dueDate: '2026-12-12', title: 'After' });
    const misplacedLater = loan({ dueDate: '2027-01-20', misplacedOn: '2026-11-30', title: 'Lost in the house' });
    const listing = listingFor([later, afterVisit, sooner, misplacedLater, overdue], '2026-12-12');
    expect(listing.due.map((l) => l.title)).toEqual(['Overdue', 'Sooner', 'Later']);
    expect(listing.stillToFind.map((l) => l.title)).toEqual(['Lost in the house']);
    expect(listing.pressing).toBe(true);
  });

  it('is not pressing when nothing falls due before the horizon, even with a book still to find', () => {
    const listing = listingFor([loan({ dueDate: '2026-12-20' }), loan({ dueDate: '2027-01-20', misplacedOn: '2026-11-30' })], '2026-12-12');
    expect(listing.due).toEqual([]);
    expect(listing.stillToFind).toHaveLength(1);
    expect(listing.pressing).toBe(false);
  });

  it('is pressing when a misplaced book falls due before the horizon', () => {
    const listing = listingFor([loan({ dueDate: '2026-12-05', misplacedOn: '2026-11-30' })], '2026-12-12');
    expect(listing.due).toEqual([]);
    expect(listing.pressing).toBe(true);
  });
});

describe('auto-renewal', () => {
  it('renews what a renewal carries past the visit, and anything due within the week', () => {
    const carried = loan({ dueDate: '2026-12-09', loanDays: 42 });
    const soon = loan({ dueDate: '2026-12-04', loanDays: 7 });
    const notYet = loan({ dueDate: '2026-12-20', loanDays: 14 });
    const noPolicy = loan({ dueDate: '2026-12-20', loanDays: null });
    const horizon = '2027-01-02';
    const listing = listingFor([carried, soon, notYet, noPolicy], horizon);
    expect(autoRenewable(listing, TODAY, horizon, 2).map((l) => l.id)).toEqual([soon.id, carried.id]);
  });

  it('does not try a loan too long overdue to renew', () => {
    const renewable = loan({ dueDate: '2026-11-17' });
    const tooLate = loan({ dueDate: '2026-11-16' });
    const listing = listingFor([renewable, tooLate], '2026-12-12');
    expect(autoRenewable(listing, TODAY, '2026-12-12', 2)).toEqual([renewable]);
  });

  it('never renews a book still to find', () => {
    const listing = listingFor([loan({ dueDate: '2026-12-03', misplacedOn: '2026-11-30' })], '2026-12-12');
    expect(autoRenewable(listing, TODAY, '2026-12-12', 2)).toEqual([]);
  });
});

describe('fingerprints', () => {
  const a = loan({ id: 'a', dueDate: '2026-12-08' });
  const b = loan({ id: 'b', dueDate: '2026-12-09' });

  it('name each loan with its due date and misplaced mark, in a stable order', () => {
    expect(fingerprintOf(fingerprintEntries([b, a]))).toBe('a:2026-12-08 b:2026-12-09');
    expect(fingerprintEntries([{ ...a, misplacedOn: '2026-11-30' }])).toEqual(['a:2026-12-08:misplaced']);
  });

  it('make a warning news only when it names something the last one did not', () => {
    const last = fingerprintOf(fingerprintEntries([a, b]));
    expect(isNews(fingerprintEntries([a, b]), null)).toBe(true);
    expect(isNews(fingerprintEntries([b, a]), last)).toBe(false);
    expect(isNews(fingerprintEntries([a]), last), 'b renewed past the visit: nothing new to say').toBe(false);
    expect(isNews(fingerprintEntries([a, { ...b, dueDate: '2026-12-11' }]), last), 'a due date moved').toBe(true);
    expect(isNews(fingerprintEntries([a, b, loan({ id: 'c' })]), last), 'another loan came due').toBe(true);
    expect(isNews(fingerprintEntries([a, { ...b, misplacedOn: '2026-12-01' }]), last), 'b went missing').toBe(true);
    expect(isNews([], last)).toBe(false);
  });
});

describe('first names', () => {
  it('keep only the first word of a name', () => {
    expect(firstName('Nathaniel Brooks')).toBe('Nathaniel');
    expect(firstName('  Ada  ')).toBe('Ada');
  });
});
