import type { Store, Tenant } from '../store/index.ts';
import type { Authenticator } from './auth/authenticator.ts';
import type { PrincipalStore } from './auth/principal-store.ts';
import type { AdminApiDeps, ApiClock } from './deps.ts';
import { notFound } from './errors.ts';
import type { RouteRegistry } from './route.ts';

/** What every route module gets. */
export interface ApiServices {
  readonly deps: AdminApiDeps;
  readonly store: Store;
  readonly principals: PrincipalStore;
  readonly clock: ApiClock;
  readonly newId: () => string;
  readonly auth: Authenticator;
  readonly routes: RouteRegistry;
  requireTenant(tenantId: string): Promise<Tenant>;
}

export function tenantLookup(store: Store) {
  return async (tenantId: string): Promise<Tenant> => {
    const tenant = await store.tenants.get(tenantId);
    if (!tenant) throw notFound('tenant', tenantId, 'Create it first (POST /api/v1/tenants), or check the id.');
    return tenant;
  };
}
