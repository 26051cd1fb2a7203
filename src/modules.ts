import { registerAuditRoutes } from './platform/audit/routes.ts';
import { registerAuthRoutes } from './platform/auth/routes.ts';
import type { RouteModule } from './platform/http/app.ts';
import { registerOutboxRoutes } from './platform/mail/routes.ts';
import { registerOrganisationRoutes } from './organisation/routes.ts';
import { registerStaffRoutes } from './staff/routes.ts';

/** Every module's HTTP routes; a new module adds its registration here. */
export const routeModules: RouteModule[] = [
  registerAuthRoutes,
  registerAuditRoutes,
  registerOutboxRoutes,
  registerOrganisationRoutes,
  registerStaffRoutes,
];
