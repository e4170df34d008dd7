/**
 * Resident memory of the hub per idle linked agent (issue 7: under 1 KiB each), at two sizes. For
 * each size a seeder process writes the agents into a fresh SQLite store with presence sync off,
 * then a second process starts the hub on it, measures resident memory (the baseline: the same
 * process serving no agents), switches the tenant's sync on, lets it settle and measures again.
 * Both measures follow three forced garbage collections.
 * Run: `npx tsx bench/memory.bench.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTs } from './support/child.ts';
import { benchLine, round, type BenchOptions, type BenchResult } from './support/result.ts';

const MiB = 1024 * 1024;
const support = (name: string) => fileURLToPath(new URL(`./support/${name}`, import.meta.url));

interface Probe {
  readonly before: { readonly rss: number; readonly heapUsed: number };
  readonly after: { readonly rss: number; readonly heapUsed: number };
}

async function measure(agents: number, settleMs: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'psync-bench-memory-'));
  try {
    await runTs(support('memory-seed.ts'), [dir, String(agents)], { timeoutMs: 240_000 });
    const out = await runTs(support('memory-probe.ts'), [dir, String(settleMs)], { nodeFlags: ['--expose-gc'], timeoutMs: 120_000 });
    const { before, after } = JSON.parse(out.trim().split('\n').at(-1) ?? '') as Probe;
    const perAgent = (after.rss - before.rss) / agents;
    const size = agents.toLocaleString('en');
    const details = { agents, rssBefore: before.rss, rssAfter: after.rss, heapUsedBefore: before.heapUsed, heapUsedAfter: after.heapUsed, heapPerAgentBytes: round((after.heapUsed - before.heapUsed) / agents, 1) };
    return [
      {
        name: `memory: resident, ${size} idle linked agents`,
        value: round(after.rss / MiB, 1),
        unit: 'MiB',
        baseline: round(before.rss / MiB, 1),
        baselineUnit: 'MiB (same process serving no agents)',
        details,
      },
      {
        name: `memory: resident per idle linked agent, ${size} agents`,
        value: round(perAgent, 0),
        unit: 'bytes',
        baseline: 1024,
        baselineUnit: 'bytes (the aim of issue 7: 1 KiB)',
        details,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
  const sizes = quick ? [1_000, 10_000] : [10_000, 100_000];
  const results: BenchResult[] = [];
  for (const agents of sizes) results.push(...(await measure(agents, quick ? 800 : 2_000)));
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) {
    console.log(benchLine(r));
  }
}
