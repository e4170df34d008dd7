import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

describe('10,000 agents', () => {
  it('seeds 10,000 agents and delta-polls 1,000 changes among them', async () => {
    h = await startHarness({ agents: 10_000, teams: 20 });
    const full = await h.json<{ totalRecords: number; lastPollTime: string }>('/agents/states');
    expect(full.totalRecords).toBe(10_001);
    const codes = h.seeded.codes.filter((c) => !c.isAcw);
    for (let i = 0; i < 1_000; i++) {
      h.emulator.control.setState(h.seeded.agentIds[(i * 7) % 10_000]!, 'Unavailable', codes[i % codes.length]!.id);
    }
    const delta = await h.json<{ totalRecords: number; agentStates: unknown[]; lastPollTime: string }>(`/agents/states?updatedSince=${encodeURIComponent(full.lastPollTime)}`);
    expect(delta.agentStates).toHaveLength(1_000);
    const again = await h.json<{ agentStates: unknown[] }>(`/agents/states?updatedSince=${encodeURIComponent(delta.lastPollTime)}`);
    expect(again.agentStates).toHaveLength(0);
    const agents = await h.json<{ totalRecords: number }>('/agents?top=100');
    expect(agents.totalRecords).toBe(10_001);
  });
});
