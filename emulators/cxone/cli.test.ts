import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/cxone-emulator.js', import.meta.url));
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  child = undefined;
});

/** The first `count` lines the process prints. */
function lines(proc: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const got = out.split('\n').filter(Boolean);
      if (got.length >= count) resolve(got.slice(0, count));
    });
    proc.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${count} lines: ${out}`)));
  });
}

describe('presence-sync-cxone-emulator', () => {
  it('prints its base URL, serves discovery, seeds on request and stops on Ctrl-C (SIGINT)', async () => {
    child = spawn(process.execPath, [BIN, '--port', '0', '--seed', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [url, credentials] = await lines(child, 2);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const doc = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as { token_endpoint: string };
    expect(doc.token_endpoint).toBe(`${url}/auth/token`);
    expect(JSON.parse(credentials!)).toHaveProperty('accessKeyId');
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('refuses a bad port', async () => {
    child = spawn(process.execPath, [BIN, '--port', 'eighty'], { stdio: ['ignore', 'ignore', 'ignore'] });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).not.toBe(0);
  });
});
