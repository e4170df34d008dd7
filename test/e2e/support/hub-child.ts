/** Runs `hub-process.ts` in a child process (`npx tsx`), in its own process group so that kill -9 reaches the hub itself. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./hub-process.ts', import.meta.url));

export interface HubChild {
  readonly process: ChildProcess;
  /** Resolves with the hub's URL once it listens. */
  readonly ready: Promise<string>;
  /** Output so far, for failure messages. */
  output(): string;
  kill9(): void;
  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** `env` holds the hub's settings; none of this process's PRESENCE_SYNC_* or DATABASE_URL leak in. */
export function startHubChild(env: Readonly<Record<string, string>>): HubChild {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PRESENCE_SYNC_') && name !== 'DATABASE_URL' && name !== 'PORT'));
  const child = spawn('npx', ['tsx', SCRIPT], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code, signal) => reject(new Error(`the hub process exited (${code ?? signal}) before it was ready:\n${output.slice(-2_000)}`)));
  });
  ready.catch(() => undefined);
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    process: child,
    ready,
    output: () => output,
    kill9: () => signalGroup('SIGKILL'),
    async stop(timeoutMs = 10_000) {
      const url = await Promise.race([ready.catch(() => undefined), exited.then(() => undefined)]);
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
      await exited;
      // npx is gone; the hub under it may still be finishing: wait until it no longer answers.
      const deadline = Date.now() + timeoutMs;
      while (url && Date.now() < deadline && (await answers(url))) await new Promise((r) => setTimeout(r, 50));
      clearTimeout(timer);
      if (url && (await answers(url))) {
        signalGroup('SIGKILL');
        throw new Error(`the hub process did not stop within ${timeoutMs} ms`);
      }
    },
  };
}

/** A port that was free a moment ago (the hub must come back on the same one, where the consoles reconnect). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}
