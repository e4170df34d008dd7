import type { AccountMapping, Store } from '../store/index.ts';
import type { TenantHealthFacts } from './facts.ts';
import type { TenantSignals } from './signals.ts';

/** Conditions the hub watches over time, by the `health_condition` code they are kept under. */
export const CONDITION = { withoutConsole: 'console_missing', diverged: 'diverged' } as const;

/** The login flow each recorded credential belongs to. */
export const CREDENTIAL_FLOW = { jwt_certificate: 'jwt_bearer', refresh_token: 'authorization_code' } as const;

/** Dead letters count for an hour: a write given up that long ago was followed by later changes or reconciliation. */
export const DEAD_LETTER_WINDOW_MS = 3_600_000;

/** Whether the mapping holds what each side's login needs (the secrets' presence, not their values). */
export function connectionOf(mapping: AccountMapping | undefined): TenantHealthFacts['connection'] {
  if (!mapping) return { cxone: false, salesforce: false };
  const set = mapping.secretsSet;
  const cxone = Boolean(mapping.cxoneClientId && mapping.cxoneAccessKeyId && set.cxoneClientSecret && set.cxoneAccessKeySecret);
  const byFlow: Record<AccountMapping['authFlow'], boolean> = {
    username_password: Boolean(mapping.sfUsername && set.sfClientSecret && set.sfPassword),
    client_credentials: set.sfClientSecret,
    jwt_bearer: Boolean(mapping.sfUsername && set.sfPrivateKey),
    authorization_code: set.sfRefreshToken,
  };
  return { cxone, salesforce: Boolean(mapping.sfClientId) && byFlow[mapping.authFlow] };
}

/** Reads what the checks need of one tenant (a handful of queries, each over the tenant's rows once). */
export async function gatherFacts(store: Store, tenantId: string, signals: TenantSignals, now: number): Promise<TenantHealthFacts> {
  const tenant = await store.tenants.get(tenantId);
  const syncOn = Boolean(tenant?.switches.presenceSync && tenant.switches.salesforceAdapter);
  const [mappings, rules, statuses, codes, users, links, prerequisites, withoutConsole, diverged, deadLetters, credentials] = await Promise.all([
    store.accountMappings.list(tenantId),
    store.rules.list(tenantId),
    store.salesforce.statuses(tenantId),
    store.cxone.codes(tenantId),
    store.cxone.users(tenantId),
    store.links.list(tenantId),
    store.prerequisites.of(tenantId),
    store.health.agentsWithoutConsole(tenantId),
    store.health.conditions(tenantId, CONDITION.diverged),
    store.health.deadLetters(tenantId, now - DEAD_LETTER_WINDOW_MS, 20),
    store.health.credentials(tenantId),
  ]);
  const withoutConsoleSince = await store.health.setConditions(tenantId, CONDITION.withoutConsole, withoutConsole, now);
  const mapping = mappings.find((m) => m.status === 'verified');
  return {
    tenantId,
    now,
    syncOn,
    connection: connectionOf(mapping),
    signals,
    rules,
    statusIds: new Set(statuses.map((s) => s.id.toLowerCase())),
    codes: new Map(codes.map((c) => [c.id, { name: c.name, active: c.active }])),
    agentNames: new Map(users.map((u) => [u.id, `${u.firstName} ${u.lastName}`.trim() || u.id])),
    failingPrerequisites: links.filter((l) => (prerequisites.get(l.sfUserId.toLowerCase())?.length ?? 0) > 0).map((l) => l.acdUserId),
    withoutConsoleSince,
    divergedSince: diverged,
    deadLetters,
    // A date recorded for a flow the mapping no longer uses says nothing.
    credentials: credentials.filter((c) => CREDENTIAL_FLOW[c.kind] === mapping?.authFlow),
  };
}
