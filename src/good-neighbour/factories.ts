import type { Client } from '../../test/harness.ts';
import { uniqueEmail } from '../../test/harness.ts';
import type { Queryable } from '../platform/database/database.ts';
import { makeBranch, makeMember, type MemberOverrides } from '../circulation/factories.ts';
import type { Arrangement, ArrangementNeighbour } from './arrangement-presenters.ts';
import { newRenewLink, RENEW_LINK_DAYS } from './renew-links.ts';
import { insertWarnings } from './warning-store.ts';
import type { ConsentMethod, ReferralSource } from './tables.ts';

/**
 * Helpers for tests across the Good Neighbour scheme: convert a reader through the real API so
 * every test starts from an arrangement exactly as staff would make it.
 */

/** What the API returns once serialised: instants become strings. */
export type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
export type ArrangementJson = Json<Arrangement>;
export type ArrangementNeighbourJson = Json<ArrangementNeighbour>;

export interface NeighbourInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  relationship?: string;
  cardNumber?: string;
  branchId?: string;
  language?: string;
  advanceNotice?: boolean;
  nextVisit?: string;
  visitEveryDays?: number;
  visitDates?: string[];
  maySeeLoans?: boolean;
  maySeeHistory?: boolean;
  maySeeProfile?: boolean;
}

export interface ConversionInput {
  readerCardNumber: string;
  /** One neighbour from `neighbourInput()` when left out. */
  neighbours?: NeighbourInput[];
  referralSource?: ReferralSource;
  referralNote?: string;
  consentMethod?: ConsentMethod;
  keepHistory?: boolean;
  noticeMarginDays?: number;
  autoRenew?: boolean;
  writeOffAfterDays?: number;
}

/** A neighbour with a unique email who visits fortnightly from 10 December 2026 and wants warnings. */
export const neighbourInput = (fields: Partial<NeighbourInput> = {}): NeighbourInput => ({
  name: 'Matthew',
  email: uniqueEmail('neighbour'),
  relationship: 'son',
  advanceNotice: true,
  nextVisit: '2026-12-10',
  visitEveryDays: 14,
  ...fields,
});

/** Converts the reader's ticket through the API; fails the test with the problem if it is refused. */
export async function convertToScheme(client: Client, input: ConversionInput): Promise<ArrangementJson> {
  const response = await client.post('/api/good-neighbour/arrangements', { ...input, neighbours: input.neighbours ?? [neighbourInput()] });
  if (response.statusCode !== 201) throw new Error(`conversion refused: ${response.statusCode} ${response.body}`);
  return response.json() as ArrangementJson;
}

/** A branch and a reader registered there in the adult category, ready to be converted. */
export async function makeSchemeReader(db: Queryable, tenantId: string, fields: MemberOverrides & { branchId?: string } = {}) {
  const branchId = fields.branchId ?? (await makeBranch(db, tenantId)).id;
  const reader = await makeMember(db, tenantId, branchId, fields);
  return { branchId, reader };
}

/** A reader, converted with the given neighbours (one by default): the start of most scheme tests. */
export async function makeArrangement(db: Queryable, client: Client, tenantId: string, input: Omit<ConversionInput, 'readerCardNumber'> & { reader?: MemberOverrides & { branchId?: string } } = {}) {
  const { reader: readerFields, ...conversion } = input;
  const { branchId, reader } = await makeSchemeReader(db, tenantId, readerFields);
  const arrangement = await convertToScheme(client, { readerCardNumber: reader.cardNumber, ...conversion });
  return { branchId, reader, arrangement, link: arrangement.neighbours[0]! };
}

/** A warning already sent to a neighbour, with nothing listed, whose renew link is still open; gives the link's token. */
export async function makeRenewLink(db: Queryable, tenantId: string, linkId: string, sentOn: string) {
  const { warningId, token, secretHash } = newRenewLink();
  const warning = { id: warningId, tenantId, linkId, sentOn, fingerprint: '', loanIds: [], nextVisit: null, outboxMessageId: null, autoRenewed: 0, renewSecretHash: secretHash };
  await insertWarnings(db, [warning], RENEW_LINK_DAYS);
  return { warningId, token };
}
