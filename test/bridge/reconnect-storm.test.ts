import { afterAll, describe, expect, it } from 'vitest';
import type { BridgeClient } from '../../bridge-client/bridge-client.ts';
import { status, toId18 } from '../../src/domain/index.ts';
import type { SetStatusOutcome } from '../../src/bridge/set-status-outcome.ts';
import { FakeToolkit, STATUS } from './support/fake-toolkit.ts';
import { agentOf, startClient, startHub, until, user, type RunningHub } from './support/hub-harness.ts';

const CONSOLES = 1_000;
const agent = (n: number): string => {
  const id = toId18(user(n));
  if (!id.ok) throw new Error('bad id');
  return agentOf(id.value);
};

let running: RunningHub | undefined;
const clients: BridgeClient[] = [];
afterAll(async () => {
  for (const client of clients) client.stop();
  await running?.close();
});

/** What a dispatcher does: retry while the console is away or the answer is unknown, within bounds. */
async function deliver(agentId: string, attempts: number): Promise<SetStatusOutcome[]> {
  const outcomes: SetStatusOutcome[] = [];
  for (let i = 0; i < attempts; i++) {
    const outcome = await running!.hub.sendSetStatus(agentId, status(STATUS.available.statusId), { intentId: `intent-${i}`, timeoutMs: 3_000 });
    outcomes.push(outcome);
    if (outcome.kind === 'applied' || outcome.kind === 'refused') return outcomes;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return outcomes;
}

describe('a reconnect storm of 1,000 consoles', () => {
  it('loses no command while every console reconnects at once', { timeout: 90_000 }, async () => {
    running = await startHub({ heartbeatMs: 30_000, graceMs: 60_000 });
    const toolkits = Array.from({ length: CONSOLES }, () => new FakeToolkit(STATUS.busy));
    for (let n = 1; n <= CONSOLES; n++) {
      clients.push(startClient(running.url, user(n), toolkits[n - 1]!, { backoff: { baseMs: 50, maxMs: 800 } }));
    }
    await until(() => clients.every((c) => c.phase === 'active'), 'every console to connect', 60_000);
    expect(running.hub.stats()).toMatchObject({ connections: CONSOLES, active: CONSOLES, standby: 0 });

    // The network drops every socket at once; the dispatcher keeps sending while they come back.
    for (const socket of running.app.websocketServer.clients) socket.terminate();
    const results = await Promise.all(Array.from({ length: CONSOLES }, (_, i) => deliver(agent(i + 1), 400)));

    expect(results.filter((outcomes) => outcomes.at(-1)?.kind !== 'applied')).toEqual([]);
    expect(toolkits.filter((t) => t.current?.statusId !== STATUS.available.statusId)).toHaveLength(0);
    // Some commands met the storm (no console yet), and were retried.
    expect(results.some((outcomes) => outcomes.length > 1)).toBe(true);
    await until(() => clients.every((c) => c.phase === 'active'), 'every console to be back', 30_000);
    expect(running.hub.stats()).toMatchObject({ connections: CONSOLES, active: CONSOLES, standby: 0, inGrace: 0, pendingCommands: 0 });
    // Every console reported itself again, and nothing concluded Offline.
    expect(running.events.filter((e) => e.origin === 'console_closed')).toEqual([]);
  });
});
