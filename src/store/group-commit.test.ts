import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A fake transaction: records each run's units; a unit 'bad' makes the run throw. */
function recorder(options: { waitMs: number; maxItems?: number }) {
  const runs: string[][] = [];
  const group = new GroupCommit<string, string>(
    async (units) => {
      runs.push([...units]);
      await new Promise((r) => setTimeout(r, 5));
      if (units.includes('bad')) throw new Error('bad unit');
      return units.map((u) => `${u}!`);
    },
    { waitMs: options.waitMs, maxItems: options.maxItems ?? 10, size: () => 1 },
  );
  return { runs, group };
}

describe('group commit', () => {
  it('starts the first unit at once and lets those arriving during its commit share the next', async () => {
    const { runs, group } = recorder({ waitMs: 0 });
    const first = group.submit('a');
    const later = [group.submit('b'), group.submit('c')];
    expect(await Promise.all([first, ...later])).toEqual(['a!', 'b!', 'c!']);
    expect(runs).toEqual([['a'], ['b', 'c']]);
  });

  it('with a wait, the first unit waits for company, up to the batch size', async () => {
    const { runs, group } = recorder({ waitMs: 20, maxItems: 2 });
    const results = [group.submit('a')];
    await new Promise((r) => setTimeout(r, 5));
    results.push(group.submit('b'), group.submit('c'));
    expect(await Promise.all(results)).toEqual(['a!', 'b!', 'c!']);
    expect(runs).toEqual([['a', 'b'], ['c']]);
  });

  it('retries a failed shared run unit by unit, so only the bad unit fails', async () => {
    const { runs, group } = recorder({ waitMs: 10 });
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((u) => group.submit(u)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['a!', 'bad unit', 'c!']);
    expect(runs).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });
});
