import { Gauge } from '../engine/index.ts';
import type { Store } from '../store/index.ts';
import { HEALTH_CHECKS, HEALTH_CODES } from './catalogue.ts';

/**
 * `presence_sync_health_problem{tenant, code, severity}`: 1 while the check's problem is open, 0
 * otherwise, for every tenant and check, read from the store at each scrape so that every instance
 * answers the same and Alertmanager sees a problem resolve.
 */
export async function renderHealthMetrics(store: Pick<Store, 'tenants' | 'health'>): Promise<string> {
  const gauge = new Gauge('presence_sync_health_problem', 'Tenant health: 1 while the problem of the check (code) is open, 0 when not, by tenant, code and severity (docs/operations.md).');
  const [tenants, open] = await Promise.all([store.tenants.list(), store.health.openEverywhere()]);
  const isOpen = new Set(open.map((p) => `${p.tenantId}\u0000${p.code}`));
  for (const tenant of tenants) {
    for (const code of HEALTH_CODES) gauge.set(isOpen.has(`${tenant.id}\u0000${code}`) ? 1 : 0, { tenant: tenant.id, code, severity: HEALTH_CHECKS[code].severity });
  }
  return `${gauge.render()}\n`;
}
