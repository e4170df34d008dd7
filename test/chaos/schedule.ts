/**
 * The fault schedule of a chaos run: which faults, where in the run, for how long and against what,
 * all drawn from one seed, so that a run can be replayed with `--seed`. A fault starts when the
 * agents have made a given share of the run's changes (not at a wall-clock time), so a slower
 * machine replays the same schedule against the same traffic.
 */
import { seededRandom } from '../../demo/agent-behaviour.ts';

export type FaultKind =
  | 'kill-9'
  | 'sigterm'
  | 'postgres-restart'
  | 'cxone-429-storm'
  | 'cxone-503'
  | 'cxone-token-revoked'
  | 'cxone-token-expiry'
  | 'salesforce-token-revoked'
  | 'salesforce-token-expiry'
  | 'console-dropped'
  | 'console-half-open'
  | 'feed-duplicated-rows'
  | 'feed-reordered-rows'
  | 'clock-skew'
  | 'two-tabs'
  | 'rule-edit';

export const FAULT_KINDS: readonly FaultKind[] = [
  'kill-9', 'sigterm', 'postgres-restart', 'cxone-429-storm', 'cxone-503', 'cxone-token-revoked', 'cxone-token-expiry',
  'salesforce-token-revoked', 'salesforce-token-expiry', 'console-dropped', 'console-half-open', 'feed-duplicated-rows',
  'feed-reordered-rows', 'clock-skew', 'two-tabs', 'rule-edit',
];

export interface ScheduleOptions {
  readonly seed: number;
  readonly db: 'sqlite' | 'postgres';
  readonly instances: number;
  /** How many of each fault (at least one). */
  readonly rounds: number;
  readonly agents: number;
}

export interface ScheduledFault {
  readonly kind: FaultKind;
  /** Share of the run's changes made when it starts, 0..1. */
  readonly startsAt: number;
  readonly durationMs: number;
  /** Which hub instance (index), for faults of an instance. */
  readonly instance: number;
  /** Which agents (indexes), for faults of consoles. */
  readonly agents: readonly number[];
  /** Clock skew, ms (positive: the instance's clock runs ahead). */
  readonly skewMs: number;
}

/** Faults that need what a run has: a restartable PostgreSQL, or several instances to disagree on the time. */
export function applicableKinds(db: 'sqlite' | 'postgres', instances: number): FaultKind[] {
  return FAULT_KINDS.filter((kind) => (kind === 'postgres-restart' ? db === 'postgres' : kind === 'clock-skew' ? instances > 1 : true));
}

/** Each applicable fault `rounds` times, in the first 80 % of the run (the rest shows the system settling while busy). */
export function schedule(options: ScheduleOptions): ScheduledFault[] {
  const random = seededRandom(options.seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const agentsOf = (n: number) => Array.from({ length: n }, () => Math.floor(random() * options.agents));
  const faults: ScheduledFault[] = [];
  for (let round = 0; round < Math.max(1, options.rounds); round++) {
    for (const kind of applicableKinds(options.db, options.instances)) {
      faults.push({
        kind,
        startsAt: between(0.05, 0.8),
        durationMs: Math.round(DURATIONS[kind][0] + (DURATIONS[kind][1] - DURATIONS[kind][0]) * random()),
        instance: Math.floor(random() * options.instances),
        agents: agentsOf(kind === 'two-tabs' ? 1 : 3),
        skewMs: Math.round(between(-1_500, 1_500)),
      });
    }
  }
  return faults.sort((a, b) => a.startsAt - b.startsAt);
}

/** How long each fault lasts (ms, from–to): an instance's downtime, a storm, an expiry window, a socket's trouble. */
const DURATIONS: Readonly<Record<FaultKind, readonly [number, number]>> = {
  'kill-9': [500, 2_000],
  sigterm: [500, 2_000],
  'postgres-restart': [500, 2_000],
  'cxone-429-storm': [1_000, 4_000],
  'cxone-503': [1_000, 3_000],
  'cxone-token-revoked': [0, 0],
  'cxone-token-expiry': [3_000, 6_000],
  'salesforce-token-revoked': [0, 0],
  'salesforce-token-expiry': [2_000, 5_000],
  'console-dropped': [200, 3_000],
  'console-half-open': [0, 0],
  'feed-duplicated-rows': [1_000, 3_000],
  'feed-reordered-rows': [1_000, 3_000],
  'clock-skew': [5_000, 10_000],
  'two-tabs': [2_000, 6_000],
  'rule-edit': [0, 0],
};

export function describeSchedule(faults: readonly ScheduledFault[]): string {
  return faults.map((f) => `${(f.startsAt * 100).toFixed(0).padStart(2)}% ${f.kind} ${f.durationMs}ms`).join(', ');
}
