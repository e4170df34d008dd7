/**
 * Convergence under load: 50 agents act at random on both sides (the demo's seeded behaviour) for
 * a bounded number of steps, then go quiet. Checked from the emulators' own records and the audit:
 * both sides agree under the rule, the hub never flipped an agent back and forth, every CXone
 * change is accounted for in the audit, and per-agent order held.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PresenceRule } from '../../src/domain/index.ts';
import { driveAgents } from './support/agent-driver.ts';
import { disagreements, hubWrites, outOfOrder, pingPongs, story, unaccounted, type Disagreement } from './support/checks.ts';
import { DEMO_TENANT, startE2e, until, type E2e } from './support/e2e-hub.ts';

const AGENTS = 50;
let e2e: E2e;
let rule: PresenceRule;

beforeAll(async () => {
  e2e = await startE2e({ agents: AGENTS });
  rule = (await e2e.hub.store.rules.get(DEMO_TENANT, 'voice-agents'))!;
  await until(() => e2e.cx.requests().some((r) => r.path.includes('/agents/states')), { what: 'the first CXone poll' });
});

afterAll(async () => {
  await e2e?.close();
});

it('50 agents acting at random on both sides converge, without ping-pong or a lost change', { timeout: 40_000 }, async () => {
  const agents = e2e.world.agents;
  const actions = await driveAgents(e2e, agents, { seed: Number(process.env.SOAK_SEED ?? 7), ticks: 80, tickMs: 100, meanGapMs: 1_500 });
  expect(actions).toBeGreaterThan(AGENTS * 3);

  const quietFrom = Date.now();
  const pending = async () => (await e2e.hub.store.mailbox.list(DEMO_TENANT, { status: 'pending' })).length;
  await until(async () => (await pending()) === 0, { timeoutMs: 10_000, what: 'no pending writes' });
  // One pass of the periodic reconciliation (every 5 minutes by default): it heals what races the
  // hub cannot see leave apart (both sides changed within one poll interval); the count is printed.
  const report = await e2e.hub.engine.reconcile();
  let last: Disagreement[] = [];
  await until(async () => (last = await disagreements(e2e, e2e.hub.store, agents, rule)).length === 0 && (await pending()) === 0, {
    timeoutMs: 15_000,
    intervalMs: 100,
    what: async () => `convergence; still apart: ${last.map((d) => d.text).join('; ')}\n${(await Promise.all(last.slice(0, 3).map((d) => story(e2e, d.agent)))).join('\n')}`,
  });

  console.log(`SOAK actions=${actions} quiet=${Date.now() - quietFrom}ms reconciled=${report.diverged.length} unhealed=${report.unhealed.length} ${report.unhealed.map((u) => `${u.agentId}:${u.reason}`).join(',')}`);
  expect(pingPongs(e2e, agents)).toEqual([]);
  // A contact that began in the last poll interval reaches the audit with the next poll.
  let audit = await e2e.audit();
  const lost = async () => unaccounted(e2e.cx.changes({ tenantId: e2e.world.cxoneTenantId }), (audit = await e2e.audit()));
  await until(async () => (await lost()).length === 0, { timeoutMs: 5_000, what: async () => `every CXone change in the audit; missing ${JSON.stringify(await lost())}` });
  expect(outOfOrder(audit)).toEqual([]);
  const writes = hubWrites(e2e, agents);
  expect(writes.cxone + writes.salesforce).toBeGreaterThan(0);
  console.log(`SOAK writes=${JSON.stringify(writes)} cxChanges=${e2e.cx.changes({ tenantId: e2e.world.cxoneTenantId }).length} audit=${audit.length}`);
  expect(await e2e.hub.store.mailbox.list(DEMO_TENANT, { status: 'dead' })).toEqual([]);
});
