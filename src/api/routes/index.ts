import type { ApiServices } from '../services.ts';
import { accountMappingRoutes } from './account-mapping-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { tenantRoutes } from './tenant-routes.ts';
import { userRoutes } from './user-routes.ts';

/** Every resource of the API, in the brief's order after the session. */
export const ROUTE_MODULES: readonly ((services: ApiServices) => void)[] = [sessionRoutes, userRoutes, tenantRoutes, accountMappingRoutes];
