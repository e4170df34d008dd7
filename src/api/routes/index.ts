import type { ApiServices } from '../services.ts';
import { sessionRoutes } from './session-routes.ts';
import { userRoutes } from './user-routes.ts';

/** Every resource of the API, in the brief's order after the session. */
export const ROUTE_MODULES: readonly ((services: ApiServices) => void)[] = [sessionRoutes, userRoutes];
