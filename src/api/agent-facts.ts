import type { SalesforceStatus, Side, UnavailableCode } from '../domain/index.ts';
import type { AgentFacts, Store } from '../store/index.ts';

/**
 * The same facts the store reads inside the ingest transaction, read here from the repositories
 * for a dry run (nothing is written). The store does not export its in-transaction reader.
 */
export async function readAgentFacts(store: Store, tenantId: string, agentId: string, now: number): Promise<AgentFacts> {
  const [tenant, acdUser, link, statuses, observed, history, expectedEchoes] = await Promise.all([
    store.tenants.get(tenantId),
    store.cxone.user(tenantId, agentId),
    store.links.byAcdUser(tenantId, agentId),
    store.salesforce.statuses(tenantId),
    store.syncState.observed(tenantId, agentId),
    store.syncState.history(tenantId, agentId),
    store.syncState.expectedEchoes(tenantId, agentId),
  ]);
  const teamId = acdUser?.teamId ?? null;
  const [rules, teamCodes, sfUser, allowedStatusIds, pendingCxone, pendingSalesforce] = await Promise.all([
    store.rules.forAgent(tenantId, agentId, teamId),
    teamId === null ? Promise.resolve([] as readonly UnavailableCode[]) : store.cxone.teamCodes(tenantId, teamId),
    link ? store.salesforce.user(tenantId, link.sfUserId) : Promise.resolve(undefined),
    link ? store.salesforce.allowedStatusIds(tenantId, link.sfUserId) : Promise.resolve(undefined),
    pendingAt(store, tenantId, agentId, 'cxone'),
    pendingAt(store, tenantId, agentId, 'salesforce'),
  ]);
  return {
    tenantId,
    agentId,
    now,
    switches: tenant?.switches ?? { salesforceAdapter: false, presenceSync: false },
    acdUser,
    link,
    sfUser,
    rules,
    teamCodes: new Map(teamCodes.map((c) => [c.id, { id: c.id, name: c.name }])),
    statuses: new Map<string, SalesforceStatus>(statuses.map((st) => [st.id.toLowerCase(), st])),
    allowedStatusIds,
    observed,
    history,
    expectedEchoes,
    pending: { ...(pendingCxone !== undefined ? { cxone: pendingCxone } : {}), ...(pendingSalesforce !== undefined ? { salesforce: pendingSalesforce } : {}) },
  };
}

async function pendingAt(store: Store, tenantId: string, agentId: string, target: Side): Promise<number | undefined> {
  const intent = await store.mailbox.get({ tenantId, agentId, target });
  return intent?.status === 'pending' ? intent.sourceAt : undefined;
}
