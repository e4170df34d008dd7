/**
 * The hub instances of a run, each `presence-sync serve` in its own process (what an operator
 * runs), on a port of its own that it keeps across restarts, behind the balancer. They can be
 * killed (SIGKILL), stopped (SIGTERM) and started again under the same instance id, as a process
 * manager does, and their clocks can be skewed while they run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/support/hub-child.ts';
import type { Balancer } from './balancer.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'bin/presence-sync.js');
const SKEWED_CLOCK = fileURLToPath(new URL('./skewed-clock.mjs', import.meta.url));

interface Instance {
  readonly id: string;
  readonly home: string;
  readonly port: number;
  readonly skewFile: string;
  process: ChildProcess | undefined;
  exited: Promise<void>;
  output: string;
  up: boolean;
}

export interface HubInstancesOptions {
  readonly count: number;
  /** Settings every instance gets (database, master key, intervals). */
  readonly env: Readonly<Record<string, string>>;
  /** Where each instance keeps its data directory (unless `env` names one they share) and clock file. */
  readonly dir: string;
  readonly balancer: Balancer;
}

/** An instance that exited without being told to. */
export interface Crash {
  readonly instance: string;
  readonly at: number;
  readonly exit: string;
  readonly output: string;
}

export class HubInstances {
  private readonly instances: Instance[];
  readonly crashes: Crash[] = [];

  private constructor(private readonly options: HubInstancesOptions, ports: number[]) {
    this.instances = ports.map((port, i) => {
      const id = `chaos-${i + 1}`;
      const home = join(options.dir, id);
      mkdirSync(home, { recursive: true });
      const skewFile = join(home, 'clock-skew-ms');
      writeFileSync(skewFile, '0');
      return { id, home, port, skewFile, process: undefined, exited: Promise.resolve(), output: '', up: false };
    });
  }

  static async start(options: HubInstancesOptions): Promise<HubInstances> {
    const ports: number[] = [];
    for (let i = 0; i < options.count; i++) ports.push(await freePort());
    const hubs = new HubInstances(options, ports);
    await Promise.all(hubs.instances.map((_, i) => hubs.startOne(i)));
    return hubs;
  }

  get count(): number {
    return this.instances.length;
  }

  idOf(i: number): string {
    return this.instances[i]!.id;
  }

  /** Starts instance `i` (again) and resolves once it answers /readyz. */
  async startOne(i: number): Promise<void> {
    const instance = this.instances[i]!;
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PRESENCE_SYNC_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(name)));
    const child = spawn(process.execPath, ['--import', SKEWED_CLOCK, CLI, 'serve'], {
      env: {
        ...inherited,
        PRESENCE_SYNC_DATA_DIR: instance.home,
        ...this.options.env,
        PRESENCE_SYNC_INSTANCE_ID: instance.id,
        PORT: String(instance.port),
        HOST: '127.0.0.1',
        PSYNC_CHAOS_SKEW_FILE: instance.skewFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    instance.process = child;
    instance.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        // Up and not told to stop: it died by itself. A process manager would start it again; the run notes it and does so.
        if (instance.up && instance.process === child) {
          instance.up = false;
          this.publish();
          this.crashes.push({ instance: instance.id, at: Date.now(), exit: String(code ?? signal), output: instance.output.slice(-3_000) });
          void this.startOne(this.instances.indexOf(instance)).catch(() => undefined);
        }
        resolve();
      }),
    );
    const keep = (chunk: Buffer) => {
      instance.output = (instance.output + chunk.toString()).slice(-8_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`hub ${instance.id} exited while starting:\n${instance.output}`);
      if (await ready(instance.port)) break;
      if (Date.now() > deadline) throw new Error(`hub ${instance.id} not ready within 60 s:\n${instance.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    instance.up = true;
    this.publish();
  }

  /** kill -9: the process dies at once, holding its leases and sockets. */
  async kill9(i: number): Promise<void> {
    const instance = this.instances[i]!;
    instance.up = false;
    this.publish();
    instance.process?.kill('SIGKILL');
    await instance.exited;
  }

  /** SIGTERM: the hub finishes its writes in flight, lets go of its leases and stops. */
  async sigterm(i: number): Promise<void> {
    const instance = this.instances[i]!;
    instance.up = false;
    this.publish();
    instance.process?.kill('SIGTERM');
    const timer = setTimeout(() => instance.process?.kill('SIGKILL'), 30_000);
    await instance.exited;
    clearTimeout(timer);
  }

  /** Moves instance `i`'s clock (ms ahead; negative: behind), at once. */
  skew(i: number, ms: number): void {
    writeFileSync(this.instances[i]!.skewFile, String(ms));
  }

  output(i: number): string {
    return this.instances[i]!.output;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.instances.map((instance, i) => (instance.process && instance.process.exitCode === null && instance.process.signalCode === null ? this.sigterm(i) : undefined)));
  }

  private publish(): void {
    this.options.balancer.setBackends(this.instances.filter((x) => x.up).map((x) => x.port));
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}
