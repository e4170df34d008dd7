import { describe, expect, it } from 'vitest';
import { AVAILABLE, unavailable } from './acd-state.ts';
import { appendHistory, HISTORY_LIMIT, previousState } from './previous-state.ts';
import { BREAK, LUNCH } from './domain.fixtures.ts';

describe("the agent's CXone history and PREVIOUS", () => {
  it('appends new states and ignores a repeat of the current one', () => {
    const h1 = appendHistory([], { state: AVAILABLE, at: 1, byHub: false });
    expect(appendHistory(h1, { state: AVAILABLE, at: 2, byHub: true })).toBe(h1);
    expect(appendHistory(h1, { state: unavailable(LUNCH), at: 3, byHub: true })).toHaveLength(2);
  });

  it('keeps only the most recent entries', () => {
    let h: ReturnType<typeof appendHistory> = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h = appendHistory(h, { state: unavailable({ id: String(i), name: `c${i}` }), at: i, byHub: false });
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h[0]!.at).toBe(5);
  });

  it('is the state just before the most recent change the hub applied', () => {
    const h = [
      { state: AVAILABLE, at: 1, byHub: false },
      { state: unavailable(LUNCH), at: 2, byHub: true },
      { state: unavailable(BREAK), at: 3, byHub: false },
    ];
    expect(previousState(h)).toEqual(AVAILABLE);
  });

  it('is unknown until the hub has changed the agent', () => {
    expect(previousState([])).toBeUndefined();
    expect(previousState([{ state: AVAILABLE, at: 1, byHub: true }])).toBeUndefined();
    expect(previousState([{ state: AVAILABLE, at: 1, byHub: false }, { state: unavailable(LUNCH), at: 2, byHub: false }])).toBeUndefined();
  });
});
