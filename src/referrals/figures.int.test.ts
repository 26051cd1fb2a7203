import { beforeAll, describe, expect, it } from 'vitest';
import { anonymous, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import type { ReferralStatus } from './tables.ts';
import { makeReferralPartnership, insertReferral, type ReferralPartnership, type SharingPartner } from './factories.ts';
import { NO_REFERRALS, referralFiguresFor, type ReferralFigures } from './figures.ts';

const SERVICES = '/api/service-directory/services';
const t = useTestHearth();
const db = () => t.hearth.database.db;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const daysAgo = (days: number) => new Date(now - days * DAY);

let tenantId: string;
let admin: Client;
let partners: ReferralPartnership;

/** A referral sent `days` ago that the service accepted `hours` later (null: never accepted). */
async function referTo(to: SharingPartner, status: ReferralStatus, days: number, hours: number | null = null) {
  const createdAt = daysAgo(days);
  await insertReferral(db(), tenantId, {
    partnershipId: partners.partnershipId,
    from: to === partners.library ? partners.health.organisationId : partners.library.organisationId,
    to,
    status,
    createdAt,
    acceptedAt: hours === null ? null : new Date(createdAt.getTime() + hours * HOUR),
  });
}

beforeAll(async () => {
  const library = await newLibraryService(t);
  tenantId = library.tenantId;
  admin = library.admin;
  partners = await makeReferralPartnership(db(), tenantId);
  const { health, charity, library: own } = partners;
  // The health service: three accepted (an odd count) after 10, 30 and 50 hours; one rejected;
  // one waiting and one cancelled before any answer; one from before the last 12 months.
  await referTo(health, 'accepted', 20, 10);
  await referTo(health, 'in_progress', 60, 30);
  await referTo(health, 'completed', 200, 50);
  await referTo(health, 'rejected', 40);
  await referTo(health, 'requested', 1);
  await referTo(health, 'cancelled', 5);
  await referTo(health, 'accepted', 400, 1000);
  // The charity: two accepted (an even count) after 24 hours and 47 h 50 min.
  await referTo(charity, 'on_hold', 3, 24);
  await referTo(charity, 'completed', 90, 47 + 50 / 60);
  // The library: one failed after 7 hours, one the sender cancelled after it was accepted in 5.
  await referTo(own, 'failed', 30, 7);
  await referTo(own, 'cancelled', 10, 5);
});

const HEALTH: ReferralFigures = { received: 6, answered: 4, accepted: 3, shareAccepted: 0.75, medianHoursToAccept: 30 };
const CHARITY: ReferralFigures = { received: 2, answered: 2, accepted: 2, shareAccepted: 1, medianHoursToAccept: 35.9 };
const LIBRARY: ReferralFigures = { received: 2, answered: 2, accepted: 2, shareAccepted: 1, medianHoursToAccept: 6 };

const figuresOf = async (client: Client, serviceId: string) => {
  const response = await client.get(`${SERVICES}/${serviceId}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { referralFigures: ReferralFigures }).referralFigures;
};

describe('a service’s referral figures, for those deciding where to refer someone', () => {
  it('counts the last 12 months: answered means accepted or rejected, and the median is the middle acceptance time', async () => {
    expect(await figuresOf(admin, partners.health.serviceId)).toEqual(HEALTH);
  });

  it('takes the median halfway between the two middle acceptance times when their number is even', async () => {
    expect(await figuresOf(admin, partners.charity.serviceId)).toEqual(CHARITY);
  });

  it('counts a referral the sender cancelled after the service accepted it as accepted, and every state after acceptance too', async () => {
    expect(await figuresOf(admin, partners.library.serviceId)).toEqual(LIBRARY);
  });

  it('says nothing was received when no referral was sent to the service', async () => {
    expect(await figuresOf(admin, partners.outsider.serviceId)).toEqual(NO_REFERRALS);
  });

  it('shows the same figures to partner caseworkers of other organisations', async () => {
    const charityCaseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partners.charity.organisationId });
    expect(await figuresOf(charityCaseworker, partners.health.serviceId)).toEqual(HEALTH);
  });

  it('gives each service found by a search its own figures', async () => {
    const response = await admin.get(`${SERVICES}?organisationId=${partners.health.organisationId}`);
    expect(response.statusCode, response.body).toBe(200);
    const found = response.json() as { items: { id: string; referralFigures: ReferralFigures }[] };
    expect(found.items).toEqual([expect.objectContaining({ id: partners.health.serviceId, referralFigures: HEALTH })]);

    const all = (await admin.get(`${SERVICES}?perPage=100`)).json() as { items: { id: string; referralFigures: ReferralFigures }[] };
    const byService = new Map(all.items.map((item) => [item.id, item.referralFigures]));
    expect(byService.get(partners.charity.serviceId)).toEqual(CHARITY);
    expect(byService.get(partners.library.serviceId)).toEqual(LIBRARY);
    expect(byService.get(partners.outsider.serviceId)).toEqual(NO_REFERRALS);
  });

  it('counts from the moment asked for, for many services at once, and only in the service’s own library service', async () => {
    const { health, charity } = partners;
    const lastMonth = await referralFiguresFor(db(), tenantId, [health.serviceId, charity.serviceId], daysAgo(30));
    expect(lastMonth.get(health.serviceId)).toEqual({ received: 3, answered: 1, accepted: 1, shareAccepted: 1, medianHoursToAccept: 10 });
    expect(lastMonth.get(charity.serviceId)).toEqual({ received: 1, answered: 1, accepted: 1, shareAccepted: 1, medianHoursToAccept: 24 });

    const other = await newLibraryService(t);
    expect((await referralFiguresFor(db(), other.tenantId, [health.serviceId])).get(health.serviceId)).toEqual(NO_REFERRALS);
  });

  it('leaves the figures out of the public HSDS feed', async () => {
    const response = await anonymous(t.app).get(`/api/directory/services/${partners.health.serviceId}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toMatch(/referral_?figures|shareAccepted|medianHoursToAccept/i);
  });
});
