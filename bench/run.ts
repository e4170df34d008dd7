/**
 * `npm run bench [-- --quick] [-- --only <text>]`: runs every `bench/*.bench.ts`, each in a fresh
 * Node process (no JIT, heap or socket state carried from one to the next), prints one line per
 * figure, `bench <name>: <value> <unit> (baseline <value> <unit>, ratio <r>)`, and writes the same
 * with the machine's description to `bench/results/latest.json`. A benchmark that fails or runs
 * over its time prints its error; the others still run, and the exit code is 1.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchLine, ratioOf, type BenchResult } from './support/result.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_FILE = join(BENCH_DIR, 'results', 'latest.json');
const RUN_ONE = join(BENCH_DIR, 'support', 'run-one.ts');

interface Outcome {
  readonly ok: boolean;
  readonly results?: BenchResult[];
  readonly error?: string;
}

function runOne(file: string, quick: boolean, timeoutMs: number): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'psync-bench-run-'));
  const outFile = join(dir, 'result.json');
  return new Promise<Outcome>((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', RUN_ONE, file, outFile, ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(readFileSync(outFile, 'utf8')) as Outcome);
      } catch {
        resolve({ ok: false, error: signal === 'SIGKILL' ? `ran over ${timeoutMs / 1000} s and was stopped` : `ended with ${signal ?? `exit code ${code}`} before reporting` });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } }, strict: true });
  const quick = values.quick ?? false;
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts') && (!values.only || f.includes(values.only)))
    .sort();
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const started = performance.now();
  const results: (BenchResult & { readonly file: string; readonly ratio: number })[] = [];
  const failures: { readonly file: string; readonly error: string }[] = [];
  for (const file of files) {
    const t = performance.now();
    const outcome = await runOne(join(BENCH_DIR, file), quick, quick ? 60_000 : 540_000);
    console.error(`(${file}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    if (outcome.ok && outcome.results) {
      for (const r of outcome.results) {
        console.log(benchLine(r));
        results.push({ file, ...r, ratio: ratioOf(r.value, r.baseline) });
      }
    } else {
      const error = outcome.error ?? 'no result';
      console.log(`bench ${file} failed: ${error.split('\n')[0]}`);
      console.error(error);
      failures.push({ file, error });
    }
  }
  const cpu = cpus();
  const report = {
    date: startedAt.toISOString(),
    mode: quick ? 'quick' : 'full',
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100),
      loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
      node: process.version,
      platform: `${platform()} ${release()} ${arch()}`,
    },
    results,
    failures,
  };
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`${results.length} figures from ${files.length - failures.length} of ${files.length} benchmarks in ${report.durationSeconds} s; written to bench/results/latest.json`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
