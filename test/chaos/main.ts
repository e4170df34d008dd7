/**
 * `npm run chaos -- [--changes N] [--instances N] [--db sqlite|postgres] [--seed N] ...`: one chaos
 * run, its fault schedule and seed printed first, the checker's table at the end. Exits 1 when the
 * checker found a violation or the sides did not converge within one reconciliation interval.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { formatReport } from './report.ts';
import { runChaos } from './run.ts';

const integer = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
  return n;
};

const program = new Command('chaos')
  .description('A chaos run: agents on both platforms, every fault on a seeded schedule, then the history checker')
  .option('--changes <n>', 'changes the agents make before the run goes quiet', integer(1), 10_000)
  .option('--instances <n>', 'hub instances (more than one needs --db postgres)', integer(1), 1)
  .option('--db <kind>', 'sqlite, or postgres (a server of the run\'s own, started and restarted by the run)', 'sqlite')
  .option('--seed <n>', 'replay a run: the same fault schedule and the same agents\' choices (default: random)', integer(0))
  .option('--agents <n>', 'simulated agents', integer(1))
  .option('--mean-gap-ms <n>', 'mean time between one agent\'s actions', integer(100), 2_000)
  .option('--rounds <n>', 'how many times each fault comes (default: one per 2,500 changes)', integer(1))
  .option('--reconcile-interval-ms <n>', 'the hubs\' reconciliation interval', integer(10_000), 20_000)
  .option('--history <file>', 'also write the run\'s history (JSON) there, for a closer look')
  .parse();

const options = program.opts<{ changes: number; instances: number; db: string; seed?: number; agents?: number; meanGapMs: number; rounds?: number; reconcileIntervalMs: number; history?: string }>();
if (options.db !== 'sqlite' && options.db !== 'postgres') program.error('--db must be sqlite or postgres');
if (options.db === 'sqlite' && options.instances > 1) program.error('several instances share one database: use --db postgres');

const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
const agents = options.agents ?? Math.min(300, Math.max(40, Math.round(options.changes / 50)));
const result = await runChaos({
  seed,
  changes: options.changes,
  instances: options.instances,
  db: options.db as 'sqlite' | 'postgres',
  agents,
  meanGapMs: options.meanGapMs,
  rounds: options.rounds ?? Math.max(1, Math.round(options.changes / 2_500)),
  reconcileIntervalMs: options.reconcileIntervalMs,
  log: (line) => console.log(line),
});
if (options.history) writeFileSync(options.history, JSON.stringify(result.history));
console.log(`\n${formatReport(result.report, { faults: result.history.faults.length, durationMs: result.durationMs, agents, instances: options.instances, db: options.db })}`);
const failed = result.report.violations.length > 0 || result.report.crashes > 0 || !result.report.convergence.withinInterval;
process.exit(failed ? 1 : 0);
