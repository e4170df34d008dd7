import { fork, spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs a TypeScript file in a fresh Node process (`node --import tsx`), stderr passed through,
 * and resolves with its stdout; rejects on a non-zero exit or after `timeoutMs` (the child is killed).
 */
export function runTs(file: string, args: readonly string[], options: { readonly nodeFlags?: readonly string[]; readonly timeoutMs: number; readonly env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: options.env ?? process.env });
    const untrack = track(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      untrack();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      untrack();
      if (code === 0) resolve(out);
      else reject(new Error(`${file} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}${signal === 'SIGKILL' ? ` (over ${options.timeoutMs} ms)` : ''}`));
    });
  });
}

/** A message between a benchmark and a child process it forked: `type` says what it is. */
export interface Message {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A long-running child process (a hub, a forwarder) the benchmark talks to over IPC. */
export interface ChildHandle {
  readonly pid: number | undefined;
  /** Sends `message` and resolves with the child's first answer of type `answer`. */
  request<T extends Message>(message: Message, answer: string, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop (message `stop`), waits up to `graceMs` for it to exit, then kills it. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

/** Children are killed when the benchmark process exits, however it exits, so no hub outlives it. */
function track(child: ChildProcess): () => void {
  running.add(child);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        for (const c of running) c.kill('SIGKILL');
        process.exit(130);
      });
    }
  }
  return () => running.delete(child);
}

/**
 * Forks a TypeScript file with an IPC channel. The child must end itself when the channel closes
 * (`exitWithParent`), and is killed after `timeoutMs` in any case. An `error` message from the child
 * rejects every request waiting on it.
 */
export function forkTs(file: string, options: { readonly args?: readonly string[]; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs: number; readonly nodeFlags?: readonly string[] }): ChildHandle {
  const child = fork(file, [...(options.args ?? [])], {
    execArgv: [...(options.nodeFlags ?? []), '--import', 'tsx'],
    env: options.env ?? process.env,
    // The child's output goes to stderr: the runner's stdout keeps only result lines.
    stdio: ['ignore', 2, 2, 'ipc'],
    serialization: 'advanced',
  });
  const untrack = track(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  timer.unref();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      clearTimeout(timer);
      untrack();
      resolve();
    }),
  );
  let ended: string | undefined;
  child.once('exit', (code, signal) => (ended = `${file} ended with ${signal ?? `exit code ${code}`}`));
  return {
    pid: child.pid,
    request<T extends Message>(message: Message, answer: string, timeoutMs = 600_000) {
      return new Promise<T>((resolve, reject) => {
        if (ended) return reject(new Error(ended));
        const done = () => {
          clearTimeout(timeout);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        const onMessage = (m: Message) => {
          if (m.type === answer) {
            done();
            resolve(m as T);
          } else if (m.type === 'error') {
            done();
            reject(new Error(`${file}: ${String(m.error)}`));
          }
        };
        const onExit = () => {
          done();
          reject(new Error(ended ?? `${file} ended`));
        };
        const timeout = setTimeout(() => {
          done();
          reject(new Error(`${file} did not answer ${message.type} with ${answer} within ${timeoutMs} ms`));
        }, timeoutMs);
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(message);
      });
    },
    async stop(graceMs = 15_000) {
      if (ended) return;
      if (child.connected) child.send({ type: 'stop' });
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}

/**
 * For a forked child: answers `handlers[type]` for each message from the parent (its result is sent
 * back; a throw is sent as an `error` message), runs `onStop` on `stop` or when the parent is gone,
 * then exits.
 */
export function serveParent(handlers: Readonly<Record<string, (message: Message) => Promise<Message | undefined>>>, onStop: () => Promise<void>): void {
  if (!process.send) throw new Error('this file runs as a child of a benchmark (forked with an IPC channel)');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await onStop();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (m: Message) => {
    if (m.type === 'stop') return void stop();
    const handler = handlers[m.type];
    if (!handler) return void process.send?.({ type: 'error', error: `no handler for ${m.type}` });
    handler(m).then(
      (answer) => answer && process.send?.(answer),
      (error: unknown) => process.send?.({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  // The benchmark died or was killed: no hub outlives it.
  process.once('disconnect', () => void stop());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

/** A server process started with its command line (e.g. `presence-sync serve`): stopped with SIGTERM, killed if it lingers. */
export interface ServiceHandle {
  readonly pid: number | undefined;
  /** Why it ended, once it has (a server that ends by itself has failed). */
  readonly ended: string | undefined;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a TypeScript entry point (`node --import tsx <file> <args>`) as a service, its output to
 * this process's stderr. Killed after `timeoutMs`, and when the benchmark exits.
 */
export function startService(file: string, options: { readonly args?: readonly string[]; readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number }): ServiceHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...(options.args ?? [])], { stdio: ['ignore', 2, 2], env: options.env });
  const untrack = track(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  timer.unref();
  let ended: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = `${file} ${(options.args ?? []).join(' ')} ended with ${signal ?? `exit code ${code}`}`;
      clearTimeout(timer);
      untrack();
      resolve();
    }),
  );
  return {
    pid: child.pid,
    get ended() {
      return ended;
    },
    async stop(graceMs = 20_000) {
      if (ended) return;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}
