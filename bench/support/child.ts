import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript file in a fresh Node process (`node --import tsx`), stderr passed through,
 * and resolves with its stdout; rejects on a non-zero exit or after `timeoutMs` (the child is killed).
 */
export function runTs(file: string, args: readonly string[], options: { readonly nodeFlags?: readonly string[]; readonly timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${file} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}${signal === 'SIGKILL' ? ` (over ${options.timeoutMs} ms)` : ''}`));
    });
  });
}
