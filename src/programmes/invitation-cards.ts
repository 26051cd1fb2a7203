import QRCode from 'qrcode';
import { Type } from 'typebox';
import { fill } from '../notices/messages.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { actorFrom } from '../platform/auth/access.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Hearth, HearthApp } from '../platform/http/app-types.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { IdParams, OneOf } from '../platform/http/schemas.ts';
import { SESSION_HELPERS } from './access.ts';
import { directionOf, isPublicLanguage, PUBLIC_LANGUAGES, PUBLIC_STRINGS, type PublicLanguage } from './public-languages.ts';

/**
 * Printable invitation cards for an ambassador: her link and its QR code, with a few words in each
 * language she speaks and in English. Newcomers who follow the link are counted as hers.
 */

export interface InvitationCards {
  inviteUrl: string;
  qrSvg: string;
  cards: { language: PublicLanguage; dir: 'rtl' | 'ltr'; heading: string; body: string; programmeName: string }[];
}

async function findAmbassador(hearth: Hearth, tenantId: string, ambassadorId: string) {
  return hearth.database.db
    .selectFrom('ambassadors as a')
    .innerJoin('participants as pt', 'pt.id', 'a.participant_id')
    .innerJoin('programmes as p', 'p.id', 'a.programme_id')
    .select(['a.id', 'a.invite_code', 'a.stepped_down_at', 'a.programme_id', 'pt.languages', 'p.name as programme_name', 'p.language as programme_language'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', '=', ambassadorId)
    .executeTakeFirst();
}

/** Her languages the cards are written in, then English. */
export const cardLanguages = (spoken: string[]): PublicLanguage[] => [...new Set([...spoken.filter(isPublicLanguage), 'en' as const])];

export async function invitationCards(hearth: Hearth, actor: Actor, ambassadorId: string): Promise<InvitationCards> {
  const ambassador = await findAmbassador(hearth, actor.tenantId, ambassadorId);
  if (!ambassador) throw notFound('The ambassador');
  if (ambassador.stepped_down_at) throw conflict('ambassador_stepped_down', 'This ambassador has stepped down, so her invitation link no longer works.');
  const languages = cardLanguages(ambassador.languages);
  const translations = await hearth.database.db
    .selectFrom('programme_translations')
    .select(['language', 'name'])
    .where('programme_id', '=', ambassador.programme_id)
    .where('language', 'in', languages)
    .execute();
  const nameIn = (language: string) => (language === ambassador.programme_language ? ambassador.programme_name : (translations.find((t) => t.language === language)?.name ?? ambassador.programme_name));
  const inviteUrl = `${hearth.config.publicUrl}/public/invitations/${encodeURIComponent(ambassador.invite_code)}`;
  await recordAudit(hearth.database.db, actor, { action: 'programme.invitation_cards_printed', entityType: 'ambassador', entityId: ambassador.id });
  return {
    inviteUrl,
    qrSvg: await QRCode.toString(inviteUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    cards: languages.map((language) => {
      const strings = PUBLIC_STRINGS[language];
      const programmeName = nameIn(language);
      return { language, dir: directionOf(language), heading: strings.cardHeading, body: fill(strings.cardBody, { name: programmeName }), programmeName };
    }),
  };
}

export function registerInvitationCardRoutes(app: HearthApp) {
  app.get(
    '/api/programmes/ambassadors/:id/invitation-cards',
    {
      config: { access: SESSION_HELPERS },
      schema: {
        tags: ['programmes'],
        summary: 'Invitation cards for an ambassador to print: her link, its QR code and a card in each of her languages and English',
        description: 'Errors: 404 `not_found`; 409 `ambassador_stepped_down`.',
        params: IdParams,
        response: {
          200: Type.Object({
            inviteUrl: Type.String(),
            qrSvg: Type.String({ description: 'The link as a QR code, an SVG document' }),
            cards: Type.Array(
              Type.Object({ language: OneOf(PUBLIC_LANGUAGES), dir: OneOf(['rtl', 'ltr'] as const), heading: Type.String(), body: Type.String(), programmeName: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => invitationCards(app.hearth, actorFrom(request), request.params.id),
  );
}
