/**
 * Faults scripted in the emulators while the whole product runs: CXone 429 storms with
 * Retry-After, 503s, revoked tokens, dropped console sockets. Afterwards the agents' two sides
 * agree and every CXone change is in the audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAgent } from '../../demo/demo-world.ts';
import { unaccounted } from './support/checks.ts';
import { startE2e, until, type E2e } from './support/e2e-hub.ts';

const WRITE_PATH = '/inContactAPI/services/*/agents/*/state';
const FEED_PATH = '/inContactAPI/services/*/agents/states';

let e2e: E2e;
let next = 0;
const agent = (): DemoAgent => e2e.world.agents[next++]!;
const code = (name: string) => Number(e2e.world.codes[name]);

beforeAll(async () => {
  e2e = await startE2e({ agents: 8 });
});

afterAll(async () => {
  await e2e?.close();
});

async function waitCx(a: DemoAgent, state: string): Promise<void> {
  await until(() => e2e.cxoneState(a) === state, { timeoutMs: 10_000, what: () => `${a.name} CXone ${state} (is ${e2e.cxoneState(a)})` });
}
async function waitSf(a: DemoAgent, status: string): Promise<void> {
  await until(() => e2e.sfStatus(a) === status, { timeoutMs: 10_000, what: () => `${a.name} Salesforce ${status} (is ${e2e.sfStatus(a)})` });
}
async function ready(a: DemoAgent): Promise<void> {
  e2e.openConsole(a);
  e2e.cx.login(a.cxoneAgentId);
  e2e.cx.setState(a.cxoneAgentId, 'Available');
  await waitSf(a, 'Available_for_Chats');
}
const answered = (status: number, path: string) => e2e.cx.requests().filter((r) => r.status === status && new RegExp(path.replace(/\*/g, '[^/]+')).test(r.path)).length;
/** Every CXone change of the agent since `afterSeq` reaches the audit (the hub's own writes come back as echoes with the next poll). */
async function nothingLost(a: DemoAgent, afterSeq: number): Promise<void> {
  const lost = async () => unaccounted(e2e.cx.changes({ agentId: a.cxoneAgentId, afterSeq }), await e2e.audit(a.cxoneAgentId));
  await until(async () => (await lost()).length === 0, {
    what: async () => `every change audited; missing: ${(await lost()).map((c) => `${c.from.name}:${c.from.outStateId}→${c.to.name}:${c.to.outStateId} ${c.cause} at ${c.at}`).join('; ')}`,
  });
}
/** The emulator's last change record: what the scenario does comes after it. */
const mark = () => e2e.cx.changes().at(-1)?.seq ?? 0;

describe('CXone faults', () => {
  it('a 429 storm with Retry-After on writes: the write is retried after the wait and lands once', async () => {
    const a = agent();
    await ready(a);
    const from = mark();
    e2e.cx.addFault({ path: WRITE_PATH, method: 'POST', times: 3, action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
    e2e.agentSets(a, 'Busy');
    await waitCx(a, 'Unavailable:Lunch');
    expect(answered(429, WRITE_PATH)).toBeGreaterThanOrEqual(1);
    expect(e2e.cx.changes({ agentId: a.cxoneAgentId }).filter((c) => c.cause === 'api')).toHaveLength(1);
    await nothingLost(a, from);
  });

  it('429s and 503s on the states feed: changes made meanwhile still reach Salesforce, none lost', async () => {
    const a = agent();
    await ready(a);
    const from = mark();
    e2e.cx.addFault({ path: FEED_PATH, method: 'GET', times: 2, action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
    e2e.cx.addFault({ path: FEED_PATH, method: 'GET', times: 2, action: { type: 'status', status: 503 } });
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Break'));
    await new Promise((r) => setTimeout(r, 5)); // two changes in one millisecond cannot be told apart by time (CXone times rows to the millisecond)
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await waitSf(a, 'Busy');
    expect(e2e.cx.faults().filter((f) => f.path === FEED_PATH)).toEqual([]);
    await nothingLost(a, from);
  });

  it('revoked tokens: the hub signs in again and goes on, both ways', async () => {
    const a = agent();
    await ready(a);
    const from = mark();
    e2e.cx.revokeTokens();
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Break'));
    await waitSf(a, 'On_Break');
    e2e.cx.revokeTokens();
    e2e.agentSets(a, 'Busy');
    await waitCx(a, 'Unavailable:Lunch');
    expect(answered(401, FEED_PATH) + answered(401, WRITE_PATH)).toBeGreaterThanOrEqual(1);
    await nothingLost(a, from);
  });

  it('expired tokens: short-lived access tokens are renewed without losing a change', async () => {
    const a = agent();
    await ready(a);
    const from = mark();
    e2e.cx.setTokenLifetime(1, 3600);
    try {
      for (const name of ['Break', 'Lunch', 'Break'] as const) {
        e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code(name));
        await waitSf(a, name === 'Break' ? 'On_Break' : 'Busy');
        await new Promise((r) => setTimeout(r, 1_100)); // let the token expire between changes
      }
    } finally {
      e2e.cx.setTokenLifetime(3600, 3600);
    }
    await nothingLost(a, from);
  });
});

describe('console bridge faults', () => {
  it('a dropped socket: the console reconnects and gets the change made while it was away', async () => {
    const a = agent();
    await ready(a);
    const from = mark();
    const browser = e2e.console(a)!;
    browser.dropNetwork();
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await until(async () => (await e2e.decisions(a)).some((d) => d.explanation.includes('Lunch')), { what: 'the CXone change decided' });
    browser.restoreNetwork();
    await waitSf(a, 'Busy');
    // And the other way once connected again.
    e2e.agentSets(a, 'On_Break');
    await waitCx(a, 'Unavailable:Break');
    await nothingLost(a, from);
  });
});
