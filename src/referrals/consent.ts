import { AppError, invalid } from '../platform/http/errors.ts';

/**
 * The rules a referral's lawful basis must meet, as plain functions: a consent that is current and
 * names the receiving organisation, or — only where someone's safety is at stake — a recorded
 * safeguarding basis instead.
 */

/** What the rules read of a consent, recorded already or about to be. */
export interface ConsentTerms {
  withdrawnAt: Date | null;
  /** ISO date; the consent holds through that day. */
  validUntil: string | null;
  organisationIds: readonly string[];
}

/** How a referral is allowed to share: a consent (recorded, new, or found for the receiver), or a safeguarding basis. */
export type BasisRequest = { consentGiven: boolean; consentId: boolean; safeguardingBasis: string | undefined };

/** The request names at most one basis: a new consent, a recorded one, or a safeguarding basis. */
export function checkOneBasis(request: BasisRequest) {
  const given = [request.consentGiven, request.consentId, request.safeguardingBasis !== undefined].filter(Boolean).length;
  if (given > 1) throw new AppError('one_basis_only', 400, 'Give one basis for sharing: a new consent, a recorded consent (consentId), or a safeguarding basis.');
}

/** Whether the consent still holds on the given day: not withdrawn and not past its end date. */
export const isCurrent = (consent: Pick<ConsentTerms, 'withdrawnAt' | 'validUntil'>, today: string) =>
  consent.withdrawnAt === null && (consent.validUntil === null || consent.validUntil >= today);

/** Whether the consent lets the person's information go to this organisation today. */
export const coversOrganisation = (consent: ConsentTerms, organisationId: string, today: string) => isCurrent(consent, today) && consent.organisationIds.includes(organisationId);

/**
 * The reason a consent cannot carry a referral to the receiving organisation, most telling first,
 * or null when it can.
 */
export function consentProblem(consent: ConsentTerms, receivingOrganisationId: string, today: string): AppError | null {
  if (consent.withdrawnAt !== null) return invalid('consent_withdrawn', 'The person has withdrawn this consent; record a new one to refer them.');
  if (consent.validUntil !== null && consent.validUntil < today) return invalid('consent_expired', `The consent ran until ${consent.validUntil}; record a new one to refer the person.`);
  if (!consent.organisationIds.includes(receivingOrganisationId)) {
    return invalid('consent_does_not_name_receiver', 'The consent does not name the organisation receiving the referral: a person agrees to share with named organisations only.');
  }
  return null;
}

export function checkConsent(consent: ConsentTerms, receivingOrganisationId: string, today: string) {
  const problem = consentProblem(consent, receivingOrganisationId, today);
  if (problem) throw problem;
}

/** Without any consent, only a safeguarding basis lets a referral go. */
export const consentRequired = () =>
  invalid('consent_required', 'Record the person’s consent naming the receiving organisation, or the safeguarding basis for sharing without it.');

/** A new consent is given now or earlier, never later. */
export function checkGivenAt(givenAt: Date, now: Date) {
  if (Number.isNaN(givenAt.getTime()) || givenAt.getTime() > now.getTime() + 5 * 60 * 1000) {
    throw invalid('consent_given_in_future', 'A consent is recorded when it has been given: givenAt cannot be in the future.');
  }
}
