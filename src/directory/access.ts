import type { FastifyRequest } from 'fastify';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { Actor, Principal } from '../platform/auth/principal.ts';
import { ALL_ROLES, type Role } from '../platform/auth/roles.ts';
import { AppError, invalid } from '../platform/http/errors.ts';

/** Everyone who works in the partnership may look services up: library staff and partner caseworkers. */
export const DIRECTORY_READERS: readonly Role[] = ALL_ROLES;

/** Who maintains services; a partner caseworker only those of her own organisation. */
export const DIRECTORY_EDITORS: readonly Role[] = ['admin', 'outreach', 'partner_caseworker'];

/** Who shapes the taxonomies the directory is searched by. */
export const TAXONOMY_EDITORS: readonly Role[] = ['admin', 'outreach'];

/** Who accepts a partnership's data-sharing agreement: the library service for anyone, a caseworker for her organisation. */
export const AGREEMENT_SIGNERS: readonly Role[] = ['admin', 'partner_caseworker'];

export const notYourOrganisation = () => new AppError('not_your_organisation', 403, 'A partner caseworker acts for her own organisation only.');

/**
 * The organisation the caller is confined to: a partner caseworker's own, or null for library
 * staff, who act for every organisation of their service's partnership.
 */
export function confinedOrganisationOf(principal: Principal): string | null {
  if (principal.role !== 'partner_caseworker') return null;
  if (!principal.organisationId) throw notYourOrganisation();
  return principal.organisationId;
}

/** Who acts in the directory or the partnership: `confinedTo` is a partner caseworker's organisation, null for library staff. */
export interface Editor {
  actor: Actor;
  confinedTo: string | null;
}

/** The organisation an action is for: a caseworker's own (she may name no other), or the one library staff must name. */
export function organisationActedFor(editor: Editor, requested: string | undefined): string {
  if (editor.confinedTo) {
    if (requested && requested !== editor.confinedTo) throw notYourOrganisation();
    return editor.confinedTo;
  }
  if (!requested) throw invalid('organisation_required', 'Say which partner organisation this is for (organisationId).');
  return requested;
}

export function editorFrom(request: FastifyRequest): Editor {
  return { actor: actorFrom(request), confinedTo: confinedOrganisationOf(principalOf(request)) };
}
