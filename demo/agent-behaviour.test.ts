import { describe, expect, it } from 'vitest';
import { AgentBehaviour, seededRandom, type AgentAction } from './agent-behaviour.ts';

const catalogue = { codeNames: ['Lunch', 'Break'], onlineStatusLabels: ['Available for Chats'], busyStatusLabels: ['Busy', 'On Break'] };

function run(seed: number, steps: number): AgentAction[] {
  const agent = new AgentBehaviour(seededRandom(seed), catalogue, 0, 1_000);
  const actions: AgentAction[] = [];
  for (let t = 0; t <= steps * 1_000; t += 100) {
    const a = agent.step(t);
    if (a) actions.push(a);
  }
  return actions;
}

describe('simulated agents', () => {
  it('log in first, then act like people: contacts, breaks, status changes, closing the browser', () => {
    const actions = run(7, 400);
    expect(actions[0]).toEqual({ kind: 'login' });
    const kinds = new Set(actions.map((a) => a.kind));
    for (const k of ['start_contact', 'end_contact', 'cxone_unavailable', 'cxone_available', 'salesforce_status', 'close_console', 'open_console']) expect(kinds).toContain(k);
  });

  it('end every contact they start before doing anything else, and reopen a closed console next', () => {
    const actions = run(11, 400);
    actions.forEach((a, i) => {
      if (a.kind === 'start_contact') expect(actions[i + 1]?.kind ?? 'end_contact').toBe('end_contact');
      if (a.kind === 'close_console') expect(actions[i + 1]?.kind ?? 'open_console').toBe('open_console');
    });
  });

  it('replay the same day from the same seed', () => {
    expect(run(3, 100)).toEqual(run(3, 100));
    expect(run(3, 100)).not.toEqual(run(4, 100));
  });
});
