/**
 * Writes down what happened, for the checker: the platforms' changes from the emulators' own logs
 * (CXone's change log, Salesforce's presence log, each knowing who made a change), the audit from
 * the hub's admin API, and both sides of every agent as they stand.
 */
import type { DemoWorld } from '../../../demo/demo-world.ts';
import { acdSourceKey, acdStateKey, presenceKey, type AcdState, type PresenceRule, type SalesforcePresence } from '../../../src/domain/index.ts';
import type { AuditEntry } from '../../../src/store/index.ts';
import { cxKeyOf } from '../../e2e/support/checks.ts';
import { DEMO_TENANT } from '../../e2e/support/e2e-hub.ts';
import type { AuditRecord, FinalState, PlatformChange, RuleVersion, Side } from '../history.ts';
import { HUB_REASONS, type ChaosAgents } from './chaos-agents.ts';

const sfKey = (statusId: string | null): string => (statusId === null ? 'Offline' : `status:${statusId.toLowerCase()}`);

export function platformChanges(world: DemoWorld, start: { readonly cxone: number; readonly salesforce: number }): PlatformChange[] {
  const agentOfUser = new Map(world.agents.map((a) => [world.org.users[a.sfUsername]!.slice(0, 15), String(a.cxoneAgentId)]));
  const cxone: PlatformChange[] = world.cxone.control.changes({ tenantId: world.cxoneTenantId, afterSeq: start.cxone }).map((c) => ({
    side: 'cxone',
    agent: String(c.agentId),
    seq: c.seq,
    at: c.at,
    from: cxKeyOf(c.from),
    to: cxKeyOf(c.to),
    byHub: c.cause === 'api',
    cause: c.cause,
  }));
  const salesforce: PlatformChange[] = world.salesforce.control.presenceChanges({ orgId: world.org.id, afterSeq: start.salesforce }).flatMap((c) => {
    const agent = agentOfUser.get(c.userId.slice(0, 15));
    return agent ? [{ side: 'salesforce' as const, agent, seq: c.seq, at: c.at, from: sfKey(c.from), to: sfKey(c.to), byHub: HUB_REASONS.has(c.reason), cause: c.reason }] : [];
  });
  return [...cxone, ...salesforce];
}

/** Every audit entry of the tenant, oldest first, read page by page through the admin API. */
export async function auditThroughApi(apiUrl: string, token: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const query = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}) });
    const body = await auditPage(`${apiUrl}/api/v1/tenants/${DEMO_TENANT}/audit?${query.toString()}`, token);
    entries.push(...body.entries);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return entries.reverse();
}

/** One page, tried again for up to a minute while no instance answers (one may be restarting). */
async function auditPage(url: string, token: string): Promise<{ entries: AuditEntry[]; nextCursor?: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
      if (response.ok) return (await response.json()) as { entries: AuditEntry[]; nextCursor?: string };
      if (response.status < 500 || Date.now() > deadline) throw new Error(`the audit API answered ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (Date.now() > deadline || (error instanceof Error && error.message.startsWith('the audit API'))) throw error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface EventDetails {
  readonly side: Side;
  readonly at: number;
  readonly origin: string;
  readonly observation: { readonly state?: AcdState; readonly presence?: SalesforcePresence };
}

export function toAuditRecord(entry: AuditEntry): AuditRecord {
  const details = entry.details as {
    event?: EventDetails;
    write?: { side: Side; stateKey: string };
    target?: Side;
    stateKey?: string;
    generation?: number;
    decision?: string;
    sentAt?: number;
  };
  const event = details.event;
  return {
    id: entry.id,
    at: entry.at,
    agent: entry.agentId ?? '',
    kind: entry.kind,
    outcome: entry.outcome,
    reason: entry.reason,
    ...(event
      ? { event: { side: event.side, at: event.at, origin: event.origin, stateKey: event.observation.state ? acdStateKey(event.observation.state) : presenceKey(event.observation.presence!) } }
      : {}),
    ...(details.write ? { write: { side: details.write.side, stateKey: details.write.stateKey } } : {}),
    ...(entry.kind === 'dispatch' && details.target && details.stateKey
      ? { dispatch: { side: details.target, stateKey: details.stateKey, ...(details.generation !== undefined ? { generation: details.generation } : {}), ...(details.decision ? { decision: details.decision } : {}), ...(details.sentAt !== undefined ? { sentAt: details.sentAt } : {}) } }
      : {}),
  };
}

export function ruleVersion(rule: Pick<PresenceRule, 'version' | 'publisher' | 'subscriber'>, from: number): RuleVersion {
  return {
    version: rule.version,
    from,
    publisher: Object.fromEntries(rule.publisher.map((row) => [acdSourceKey(row.acd), presenceKey(row.salesforce)])),
    subscriber: Object.fromEntries(rule.subscriber.map((row) => [presenceKey(row.salesforce), row.acd.kind === 'PREVIOUS' ? 'PREVIOUS' : acdSourceKey(row.acd)])),
  };
}

/** Both sides of every agent now. */
export function finalStates(world: DemoWorld, agents: ChaosAgents): FinalState[] {
  const current = new Map(
    world.salesforce.control
      .records(world.org.id, 'UserServicePresence')
      .filter((r) => r.IsCurrentState === true)
      .map((r) => [String(r.UserId).slice(0, 15), String(r.ServicePresenceStatusId)]),
  );
  return world.agents.map((agent) => {
    const view = world.cxone.control.agent(agent.cxoneAgentId);
    const statusId = current.get(world.org.users[agent.sfUsername]!.slice(0, 15));
    return {
      agent: String(agent.cxoneAgentId),
      cxone: cxKeyOf({ name: view.state, outStateId: view.outStateId }),
      ...(view.nextState ? { cxoneNext: cxKeyOf({ name: view.nextState.state, outStateId: view.nextState.outStateId }) } : {}),
      salesforce: sfKey(statusId ?? null),
      consoleOpen: agents.consoleOpen(agent),
    };
  });
}

/** Readable names for the state keys of the demo world. */
export function stateNames(world: DemoWorld): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(world.org.statuses).map(([name, id]) => [sfKey(id), name])),
    ...Object.fromEntries(Object.entries(world.codes).map(([name, id]) => [`Unavailable:${id}`, name])),
  };
}
