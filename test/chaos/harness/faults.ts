/**
 * Each fault of the schedule, done to the running system: to a hub instance (kill -9, SIGTERM, a
 * skewed clock), to the database (a restart), to CXone (429 storms with Retry-After, 503s, revoked
 * and short-lived tokens, duplicated and reordered feed rows), to Salesforce (revoked and expiring
 * sessions), to the agents' consoles (dropped and half-open sockets, a second browser fighting over
 * the bridge) and to the configuration (the rule edited). Each resolves once the fault is over.
 */
import type { DemoWorld } from '../../../demo/demo-world.ts';
import type { FaultRecord } from '../history.ts';
import type { ScheduledFault } from '../schedule.ts';
import type { ChaosAgents } from './chaos-agents.ts';
import type { HubInstances } from './hub-instances.ts';
import type { OwnPostgres } from './own-postgres.ts';

export interface FaultTargets {
  readonly world: DemoWorld;
  readonly hubs: HubInstances;
  readonly postgres?: OwnPostgres;
  readonly agents: ChaosAgents;
  /** Edits the rule through the admin API (swaps two of its mappings each time). */
  editRule(): Promise<string>;
}

const API = '/*/services/*';
const FEED = '/*/services/*/agents/states';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One fault at a time per instance and for the database: a restart never overlaps another. */
const locks = new Map<string, Promise<unknown>>();
async function exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = locks.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  locks.set(key, run.catch(() => undefined));
  return run;
}

export async function inject(fault: ScheduledFault, targets: FaultTargets): Promise<FaultRecord> {
  const started = Date.now();
  const detail = await apply(fault, targets, started);
  return { kind: fault.kind, at: started, until: Date.now(), detail };
}

async function apply(fault: ScheduledFault, t: FaultTargets, started: number): Promise<string> {
  const { control: cx } = t.world.cxone;
  const sf = t.world.salesforce.control;
  const instance = fault.instance % t.hubs.count;
  const agents = [...new Set(fault.agents)].map((i) => t.agents.agents[i % t.agents.agents.length]!);
  const during = async (start: () => void, end: () => void) => {
    start();
    await sleep(fault.durationMs);
    end();
  };
  switch (fault.kind) {
    case 'kill-9':
    case 'sigterm':
      return exclusive(`hub-${instance}`, async () => {
        await (fault.kind === 'kill-9' ? t.hubs.kill9(instance) : t.hubs.sigterm(instance));
        await sleep(fault.durationMs);
        await t.hubs.startOne(instance);
        return `${t.hubs.idOf(instance)} ${fault.kind === 'kill-9' ? 'killed' : 'stopped'}, back after ${Date.now() - started} ms`;
      });
    case 'postgres-restart':
      return exclusive('postgres', async () => {
        await t.postgres!.restart(fault.durationMs);
        return `PostgreSQL crashed (immediate stop) and back after ${Date.now() - started} ms`;
      });
    case 'clock-skew':
      return exclusive(`clock-${instance}`, async () => {
        await during(() => t.hubs.skew(instance, fault.skewMs), () => t.hubs.skew(instance, 0));
        return `${t.hubs.idOf(instance)} clock ${fault.skewMs > 0 ? '+' : ''}${fault.skewMs} ms`;
      });
    case 'cxone-429-storm': {
      const f = cx.addFault({ path: API, times: 'unlimited', action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
      await during(() => undefined, () => cx.removeFault(f.id));
      return `every CXone API call answered 429 Retry-After: 1 (${f.hits} calls)`;
    }
    case 'cxone-503': {
      const f = cx.addFault({ path: API, times: 'unlimited', action: { type: 'status', status: 503 } });
      await during(() => undefined, () => cx.removeFault(f.id));
      return `every CXone API call answered 503 (${f.hits} calls)`;
    }
    case 'cxone-token-revoked':
      cx.revokeTokens();
      return 'every CXone token revoked';
    case 'cxone-token-expiry':
      await during(() => cx.setTokenLifetime(1, 3_600), () => cx.setTokenLifetime(3_600, 3_600));
      return 'CXone access tokens lived 1 s';
    case 'salesforce-token-revoked':
      return `${sf.revokeSessions({ orgId: t.world.org.id, includeRefreshTokens: true })} Salesforce sessions revoked`;
    case 'salesforce-token-expiry': {
      const id = sf.addFault({ orgId: t.world.org.id, action: { kind: 'expireSession' } });
      await during(() => undefined, () => sf.clearFaults(id));
      return 'every Salesforce session expired before its next call';
    }
    case 'console-dropped': {
      const browsers = agents.flatMap((a) => t.agents.browsers(a));
      await during(() => browsers.forEach((b) => b.dropNetwork()), () => browsers.forEach((b) => b.restoreNetwork()));
      return `network of ${agents.map((a) => a.name).join(', ')} down`;
    }
    case 'console-half-open': {
      for (const b of agents.flatMap((a) => t.agents.browsers(a))) b.halfOpenNetwork();
      return `connections of ${agents.map((a) => a.name).join(', ')} half-open`;
    }
    case 'feed-duplicated-rows': {
      const next = cx.addFault({ path: FEED, method: 'GET', times: 'unlimited', action: { type: 'duplicateRows', where: 'next' } });
      const same = cx.addFault({ path: FEED, method: 'GET', times: 'unlimited', action: { type: 'duplicateRows', where: 'same' } });
      await during(() => undefined, () => [next, same].forEach((f) => cx.removeFault(f.id)));
      return `feed rows twice in an answer and again in the next (${next.hits} polls)`;
    }
    case 'feed-reordered-rows': {
      const reorder = cx.addFault({ path: FEED, method: 'GET', times: 'unlimited', action: { type: 'reorderRows' } });
      const late = cx.addFault({ path: FEED, method: 'GET', times: 'unlimited', after: 1, action: { type: 'lateRows' } });
      await during(() => undefined, () => [reorder, late].forEach((f) => cx.removeFault(f.id)));
      return `feed rows in reverse order, and held back past the next poll (${reorder.hits} polls)`;
    }
    case 'two-tabs': {
      const agent = agents[0]!;
      const first = t.agents.browsers(agent)[0];
      const second = t.agents.openSecondBrowser(agent);
      if (!first || !second) return `${agent.name} had no console open`;
      await sleep(fault.durationMs / 2);
      first.dropNetwork();
      await sleep(300);
      first.restoreNetwork();
      await sleep(fault.durationMs / 2);
      for (const tab of first.tabs()) tab.close();
      return `${agent.name} in two browsers, the first one's network blinking, then its tab closed`;
    }
    case 'rule-edit':
      return t.editRule();
  }
}
