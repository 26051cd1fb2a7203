import type { Role } from '../platform/auth/roles.ts';
import type { Queryable } from '../platform/database/database.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import type { OutgoingMessage } from '../platform/mail/mailer.ts';
import { REFERRAL_CASEWORKERS } from './access.ts';

export type ReferralMessageKind = 'referral_received' | 'referral_updated' | 'referral_reminder' | 'referral_erased';

export interface ReferralMessage {
  kind: ReferralMessageKind;
  referralId?: string;
}

/** Library staff without an organisation of their own act for the library service's organisation. */
const LIBRARY_CASEWORKERS: readonly Role[] = REFERRAL_CASEWORKERS.filter((role) => role !== 'partner_caseworker');

/**
 * What each message says, in general words only: a mailbox is not a safe place for a person's
 * name or story, so the caseworker follows the link and signs in to read them.
 */
function wordsFor(kind: ReferralMessageKind, organisationName: string, link: string | null) {
  const open = link ? `\n\nSign in to Hearth to read it:\n${link}\n` : '\n';
  switch (kind) {
    case 'referral_received':
      return { subject: 'A new referral has arrived', text: `${organisationName} has received a new Warm Handover referral.${open}` };
    case 'referral_updated':
      return { subject: 'A referral has been updated', text: `A Warm Handover referral between ${organisationName} and a partner has been updated.${open}` };
    case 'referral_reminder':
      return { subject: 'A referral is waiting for an answer', text: `A Warm Handover referral to ${organisationName} is still waiting to be accepted or declined.${open}` };
    case 'referral_erased':
      return {
        subject: 'A person’s information has been erased',
        text: `At a partner’s request, a person’s information held for ${organisationName} in Hearth has been erased, with the referrals it was part of.${open}`,
      };
  }
}

/**
 * Where an organisation's referral mail goes: its active caseworkers (for the library service's own
 * organisation, also library staff without an organisation), otherwise its shared address.
 */
async function recipientsOf(db: Queryable, tenantId: string, organisationId: string, fallback: string | null): Promise<string[]> {
  const caseworkers = await db
    .selectFrom('staff_users as u')
    .select('u.email')
    .where('u.tenant_id', '=', tenantId)
    .where('u.active', '=', true)
    .where('u.role', 'in', REFERRAL_CASEWORKERS)
    .where((eb) =>
      eb.or([
        eb('u.organisation_id', '=', organisationId),
        eb.and([
          eb('u.organisation_id', 'is', null),
          eb('u.role', 'in', LIBRARY_CASEWORKERS),
          eb(
            eb
              .selectFrom('organisations')
              .select('id')
              .where('tenant_id', '=', tenantId)
              .where('kind', '=', 'library_service')
              .orderBy('created_at')
              .orderBy('id')
              .limit(1),
            '=',
            organisationId,
          ),
        ]),
      ]),
    )
    .orderBy('u.email')
    .execute();
  if (caseworkers.length > 0) return caseworkers.map((row) => row.email);
  return fallback ? [fallback] : [];
}

/**
 * Tells an organisation that something happened to one of its referrals, in the caller's
 * transaction so the mail goes only if the change commits. The message names the organisation and
 * the kind of event, and links to the referral; it never carries the person's details.
 */
export async function notifyOrganisation(hearth: Hearth, db: Queryable, tenantId: string, organisationId: string, message: ReferralMessage): Promise<void> {
  const organisation = await db.selectFrom('organisations').select(['name', 'email']).where('tenant_id', '=', tenantId).where('id', '=', organisationId).executeTakeFirst();
  if (!organisation) return;
  const recipients = await recipientsOf(db, tenantId, organisationId, organisation.email);
  if (recipients.length === 0) return;
  const link = message.kind !== 'referral_erased' && message.referralId ? `${hearth.config.publicUrl}/referrals/${message.referralId}` : null;
  const words = wordsFor(message.kind, organisation.name, link);
  const messages: OutgoingMessage[] = recipients.map((to) => ({ tenantId, kind: message.kind, to, ...words }));
  await hearth.mailer.composeMany(db, messages);
}
