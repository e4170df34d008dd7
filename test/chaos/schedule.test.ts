import { describe, expect, it } from 'vitest';
import { applicableKinds, FAULT_KINDS, schedule } from './schedule.ts';

describe('the chaos fault schedule', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const options = { db: 'postgres', instances: 3, rounds: 2, agents: 100 } as const;
    expect(schedule({ ...options, seed: 42 })).toEqual(schedule({ ...options, seed: 42 }));
    expect(schedule({ ...options, seed: 43 })).not.toEqual(schedule({ ...options, seed: 42 }));
  });

  it('brings every fault on PostgreSQL with several instances, each `rounds` times, within the first 80 % of the run', () => {
    const faults = schedule({ seed: 7, db: 'postgres', instances: 3, rounds: 3, agents: 100 });
    for (const kind of FAULT_KINDS) expect(faults.filter((f) => f.kind === kind)).toHaveLength(3);
    expect(faults.every((f) => f.startsAt >= 0.05 && f.startsAt <= 0.8 && f.instance < 3 && f.agents.every((a) => a < 100))).toBe(true);
    expect(faults.map((f) => f.startsAt)).toEqual([...faults.map((f) => f.startsAt)].sort((a, b) => a - b));
  });

  it('leaves out on SQLite what needs PostgreSQL or a second instance', () => {
    expect(applicableKinds('sqlite', 1)).toEqual(FAULT_KINDS.filter((k) => k !== 'postgres-restart' && k !== 'clock-skew'));
    expect(schedule({ seed: 1, db: 'sqlite', instances: 1, rounds: 1, agents: 10 }).map((f) => f.kind).sort()).toEqual(applicableKinds('sqlite', 1).sort());
  });
});
