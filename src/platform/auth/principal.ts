import type { ActorKind } from '../audit/tables.ts';
import type { Role } from './roles.ts';

/** Who is making a request: a signed-in member of staff or an API token acting for the library service. */
export interface Principal {
  kind: 'staff' | 'token';
  /** The staff user, or the token's id for integrations. */
  id: string;
  name: string;
  tenantId: string;
  role: Role;
  organisationId: string | null;
  /** Set for cookie sessions: writes must echo it in X-CSRF-Token. */
  csrfToken: string | null;
}

/** Who is asking, as the audit log and other modules need it. */
export interface Actor {
  tenantId: string;
  actorId: string | null;
  actorKind: ActorKind;
  actorLabel: string | null;
  ip: string | null;
}

export function actorOf(principal: Principal, ip: string | null): Actor {
  return { tenantId: principal.tenantId, actorId: principal.id, actorKind: principal.kind, actorLabel: principal.name, ip };
}

export function systemActor(tenantId: string, label = 'Hearth'): Actor {
  return { tenantId, actorId: null, actorKind: 'system', actorLabel: label, ip: null };
}
