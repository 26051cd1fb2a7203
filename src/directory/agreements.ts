import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { joinPartnership } from '../organisation/partnerships.ts';
import { findOrganisation } from '../organisation/store.ts';
import { organisationActedFor, type Editor } from './access.ts';

export interface Agreement {
  id: string;
  partnershipId: string;
  version: string;
  body: string;
  publishedAt: Date;
  /** The latest version: the one organisations join by accepting. */
  current: boolean;
  acceptances: { organisation: { id: string; name: string }; acceptedAt: Date; acceptedByName: string }[];
}

/** Holds the partnership, so publishing a version and accepting the current one cannot cross. */
async function lockedPartnership(db: Queryable, tenantId: string, id: string) {
  const row = await db.selectFrom('partnerships').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('The partnership');
  return row;
}

/** The partnership's agreements, the current (latest) first. */
async function loadAgreements(db: Queryable, tenantId: string, partnershipId: string): Promise<Agreement[]> {
  const rows = await db
    .selectFrom('partnership_agreements')
    .select(['id', 'partnership_id', 'version', 'body', 'published_at'])
    .where('tenant_id', '=', tenantId)
    .where('partnership_id', '=', partnershipId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (rows.length === 0) return [];
  const acceptances = await db
    .selectFrom('partnership_agreement_acceptances as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.agreement_id', 'a.organisation_id', 'o.name', 'a.accepted_at', 'a.accepted_by_name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.agreement_id', 'in', rows.map((row) => row.id))
    .orderBy('a.accepted_at')
    .orderBy('o.name')
    .execute();
  return rows.map((row, index) => ({
    id: row.id,
    partnershipId: row.partnership_id,
    version: row.version,
    body: row.body,
    publishedAt: row.published_at,
    current: index === 0,
    acceptances: acceptances
      .filter((a) => a.agreement_id === row.id)
      .map((a) => ({ organisation: { id: a.organisation_id, name: a.name }, acceptedAt: a.accepted_at, acceptedByName: a.accepted_by_name })),
  }));
}

export async function listAgreements(db: Db, tenantId: string, partnershipId: string) {
  const partnership = await db.selectFrom('partnerships').select('id').where('tenant_id', '=', tenantId).where('id', '=', partnershipId).executeTakeFirst();
  if (!partnership) throw notFound('The partnership');
  return { items: await loadAgreements(db, tenantId, partnershipId) };
}

/** Publishes a new version; from then on organisations join by accepting it, and older versions cannot be accepted. */
export function publishAgreement(db: Db, actor: Actor, partnershipId: string, fields: { version: string; body: string }): Promise<Agreement> {
  const version = fields.version.trim();
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        await lockedPartnership(trx, actor.tenantId, partnershipId);
        const { id } = await trx
          .insertInto('partnership_agreements')
          .values({ tenant_id: actor.tenantId, partnership_id: partnershipId, version, body: fields.body, published_by: actor.actorId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, { action: 'partnership.agreement_published', entityType: 'partnership', entityId: partnershipId, details: { agreementId: id, version } });
        return (await loadAgreements(trx, actor.tenantId, partnershipId))[0]!;
      }),
    () => conflict('agreement_version_exists', `The partnership already has an agreement version ${version}.`),
  );
}

/**
 * An organisation accepts the current agreement: who accepted it and when is kept as written, and
 * the organisation joins the partnership.
 */
export function acceptAgreement(db: Db, signer: Editor, partnershipId: string, agreementId: string, requestedOrganisationId?: string): Promise<Agreement> {
  const { actor } = signer;
  return db.transaction().execute(async (trx) => {
    await lockedPartnership(trx, actor.tenantId, partnershipId);
    const agreements = await loadAgreements(trx, actor.tenantId, partnershipId);
    const agreement = agreements.find((a) => a.id === agreementId);
    if (!agreement) throw notFound('The agreement');
    if (!agreement.current) throw conflict('agreement_superseded', `Version ${agreement.version} has been replaced by version ${agreements[0]!.version}; accept that one instead.`);
    const organisationId = organisationActedFor(signer, requestedOrganisationId);
    if (!(await findOrganisation(trx, actor.tenantId, organisationId))) throw notFound('The organisation');
    const accepted = await trx
      .insertInto('partnership_agreement_acceptances')
      .values({ agreement_id: agreementId, organisation_id: organisationId, tenant_id: actor.tenantId, accepted_by: actor.actorId, accepted_by_name: actor.actorLabel ?? 'Hearth' })
      .onConflict((oc) => oc.columns(['agreement_id', 'organisation_id']).doNothing())
      .returning('agreement_id')
      .executeTakeFirst();
    if (!accepted) throw conflict('agreement_already_accepted', `The organisation has already accepted version ${agreement.version}.`);
    await recordAudit(trx, actor, {
      action: 'partnership.agreement_accepted',
      entityType: 'partnership',
      entityId: partnershipId,
      details: { agreementId, version: agreement.version, organisationId },
    });
    await joinPartnership(trx, actor, partnershipId, organisationId);
    return (await loadAgreements(trx, actor.tenantId, partnershipId))[0]!;
  });
}
