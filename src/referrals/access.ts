import type { FastifyRequest } from 'fastify';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { Actor, Principal } from '../platform/auth/principal.ts';
import type { Role } from '../platform/auth/roles.ts';
import type { Db, Queryable, Tx } from '../platform/database/database.ts';
import { scopedTransaction } from '../platform/database/row-scope.ts';
import { AppError, notFound } from '../platform/http/errors.ts';

/**
 * Who works with referrals: the library's outreach and programme staff and its admins, and partner
 * caseworkers. Desk staff do not: a person's story is shared on a need-to-know basis.
 */
export const REFERRAL_CASEWORKERS: readonly Role[] = ['admin', 'outreach', 'programme_leader', 'partner_caseworker'];

/** A caseworker and the organisation she acts for: sender or receiver of a referral. */
export interface Caseworker {
  actor: Actor;
  organisationId: string;
}

export const noOrganisation = () =>
  new AppError('no_organisation', 403, 'Your account does not belong to an organisation of the partnership, so it cannot send or receive referrals.');

/**
 * The organisation a caller acts for: her own when her account names one (every partner
 * caseworker's does), otherwise her library service's own organisation.
 */
export async function organisationOf(db: Queryable, principal: Principal): Promise<string> {
  if (principal.organisationId) return principal.organisationId;
  if (principal.role === 'partner_caseworker') throw noOrganisation();
  const library = await db
    .selectFrom('organisations')
    .select('id')
    .where('tenant_id', '=', principal.tenantId)
    .where('kind', '=', 'library_service')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!library) throw noOrganisation();
  return library.id;
}

export async function caseworkerFrom(db: Queryable, request: FastifyRequest): Promise<Caseworker> {
  return { actor: actorFrom(request), organisationId: await organisationOf(db, principalOf(request)) };
}

/**
 * A transaction in which the database, too, holds the caseworker to what her organisation may
 * reach: row-level security on the referral tables (see the referrals migrations) stands behind
 * the checks below.
 */
export function caseworkerTransaction<T>(db: Db, caseworker: Caseworker, work: (trx: Tx) => Promise<T>): Promise<T> {
  return scopedTransaction(db, { tenantId: caseworker.actor.tenantId, organisationId: caseworker.organisationId }, work);
}

/** Which side of a referral an organisation is on. */
export type Side = 'sender' | 'receiver';

/**
 * The referral as the caseworker may see it, with her side; any other organisation, tenant or an
 * unknown id gets the same 404, so a referral's existence is not disclosed.
 */
export async function referralFor(db: Queryable, caseworker: Caseworker, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db
    .selectFrom('referrals')
    .selectAll()
    .where('tenant_id', '=', caseworker.actor.tenantId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('sending_organisation_id', '=', caseworker.organisationId), eb('receiving_organisation_id', '=', caseworker.organisationId)]));
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('The referral');
  const side: Side = row.sending_organisation_id === caseworker.organisationId ? 'sender' : 'receiver';
  return { row, side };
}

/**
 * Whether the caseworker's organisation may see the person: it recorded them, or it sent or
 * received one of their referrals. Otherwise 404, as for a referral.
 */
export async function personFor(db: Queryable, caseworker: Caseworker, personId: string) {
  const person = await db
    .selectFrom('referral_people')
    .selectAll()
    .where('tenant_id', '=', caseworker.actor.tenantId)
    .where('id', '=', personId)
    .where((eb) =>
      eb.or([
        eb('recorded_by_organisation_id', '=', caseworker.organisationId),
        eb.exists(
          eb
            .selectFrom('referrals as r')
            .select('r.id')
            .whereRef('r.person_id', '=', 'referral_people.id')
            .where((inner) => inner.or([inner('r.sending_organisation_id', '=', caseworker.organisationId), inner('r.receiving_organisation_id', '=', caseworker.organisationId)])),
        ),
      ]),
    )
    .executeTakeFirst();
  if (!person) throw notFound('The person');
  return person;
}
