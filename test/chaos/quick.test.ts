/**
 * The quick chaos run of `npm test`: one hub instance on SQLite, 60 agents making 1,000 changes on
 * both platforms while every fault that applies to one instance on SQLite comes once, on the
 * schedule of a fixed seed (CHAOS_SEED replays another). The checker's table is printed.
 */
import { expect, it } from 'vitest';
import { formatReport } from './report.ts';
import { runChaos } from './run.ts';
import { applicableKinds } from './schedule.ts';

const SEED = Number(process.env.CHAOS_SEED ?? 20_240_917);

it('a quick chaos run: 1,000 changes through every fault that applies to one instance on SQLite', { timeout: 180_000 }, async () => {
  const result = await runChaos({ seed: SEED, changes: 1_000, instances: 1, db: 'sqlite', agents: 60, meanGapMs: 1_000, rounds: 1, reconcileIntervalMs: 10_000 });
  const { history, report } = result;
  console.log(formatReport(report, { faults: history.faults.length, durationMs: result.durationMs, agents: 60, instances: 1, db: 'sqlite' }));

  expect(report.changes.external.cxone + report.changes.external.salesforce).toBeGreaterThanOrEqual(1_000);
  expect(history.faults.map((f) => f.kind).sort()).toEqual(applicableKinds('sqlite', 1).sort());
  expect(history.faults.filter((f) => f.detail.startsWith('FAILED'))).toEqual([]);
  // The hub decided on what happened: the history holds its audit, and the people's changes were decided on.
  expect(report.decisions).toBeGreaterThan(1_000);
  expect(report.outcomes.checked).toBeGreaterThan(500);
});
