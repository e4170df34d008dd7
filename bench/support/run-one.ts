/**
 * Child process of `bench/run.ts`: runs one benchmark module's `run({ quick })` and writes what it
 * returned, or the error, as JSON to `outFile`. Its own output goes to stderr so that the runner's
 * stdout keeps only the result lines.
 * Usage: `node --import tsx bench/support/run-one.ts <benchFile> <outFile> [--quick]`.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchOptions, BenchResult } from './result.ts';

const [file, outFile] = process.argv.slice(2);
if (!file || !outFile) throw new Error('usage: run-one.ts <benchFile> <outFile> [--quick]');
console.log = console.error;
console.info = console.error;

try {
  const module = (await import(pathToFileURL(file).href)) as { run?: (options: BenchOptions) => Promise<BenchResult | BenchResult[]> };
  if (typeof module.run !== 'function') throw new Error(`${file} exports no run({ quick }) function`);
  const returned = await module.run({ quick: process.argv.includes('--quick') });
  writeFileSync(outFile, JSON.stringify({ ok: true, results: Array.isArray(returned) ? returned : [returned] }));
} catch (error) {
  writeFileSync(outFile, JSON.stringify({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
}
// A benchmark that left a handle open must not hold the runner up.
process.exit(0);
