import { describe, expect, it } from 'vitest';
import { checkGivenAt, checkOneBasis, consentProblem, coversOrganisation, isCurrent } from './consent.ts';

const HEALTH = 'health-organisation';
const CHARITY = 'charity-organisation';
const TODAY = '2026-12-01';
const consent = (extra: Partial<{ withdrawnAt: Date | null; validUntil: string | null; organisationIds: string[] }> = {}) => ({ withdrawnAt: null, validUntil: null, organisationIds: [HEALTH], ...extra });

describe('whether a consent can carry a referral', () => {
  it('accepts a current consent naming the receiver, through the last day it is valid', () => {
    expect(consentProblem(consent(), HEALTH, TODAY)).toBeNull();
    expect(consentProblem(consent({ validUntil: TODAY }), HEALTH, TODAY)).toBeNull();
  });

  it('says why it cannot, the most telling reason first', () => {
    expect(consentProblem(consent({ organisationIds: [CHARITY] }), HEALTH, TODAY)?.code).toBe('consent_does_not_name_receiver');
    expect(consentProblem(consent({ validUntil: '2026-11-30' }), HEALTH, TODAY)?.code).toBe('consent_expired');
    expect(consentProblem(consent({ withdrawnAt: new Date(), validUntil: '2020-01-01', organisationIds: [CHARITY] }), HEALTH, TODAY)?.code).toBe('consent_withdrawn');
    expect(consentProblem(consent({ validUntil: '2020-01-01', organisationIds: [CHARITY] }), HEALTH, TODAY)?.status).toBe(422);
  });

  it('finds a consent covering an organisation only while it is current and names it', () => {
    expect(coversOrganisation(consent({ organisationIds: [HEALTH, CHARITY] }), CHARITY, TODAY)).toBe(true);
    expect(coversOrganisation(consent(), CHARITY, TODAY)).toBe(false);
    expect(coversOrganisation(consent({ withdrawnAt: new Date() }), HEALTH, TODAY)).toBe(false);
    expect(isCurrent(consent({ validUntil: '2026-11-30' }), TODAY)).toBe(false);
  });
});

describe('the basis a referral names', () => {
  it('takes one of a new consent, a recorded one or a safeguarding basis, or none (looked up later)', () => {
    expect(() => checkOneBasis({ consentGiven: true, consentId: false, safeguardingBasis: undefined })).not.toThrow();
    expect(() => checkOneBasis({ consentGiven: false, consentId: false, safeguardingBasis: undefined })).not.toThrow();
    expect(() => checkOneBasis({ consentGiven: false, consentId: true, safeguardingBasis: 'At risk of harm tonight' })).toThrow(expect.objectContaining({ code: 'one_basis_only', status: 400 }));
    expect(() => checkOneBasis({ consentGiven: true, consentId: true, safeguardingBasis: undefined })).toThrow(expect.objectContaining({ code: 'one_basis_only' }));
  });

  it('refuses a consent dated in the future, allowing for clocks a little apart', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(() => checkGivenAt(new Date('2026-12-01T10:03:00Z'), now)).not.toThrow();
    expect(() => checkGivenAt(new Date('2026-12-02T10:00:00Z'), now)).toThrow(expect.objectContaining({ code: 'consent_given_in_future' }));
  });
});
