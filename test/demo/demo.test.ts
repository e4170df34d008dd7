import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acdSourceKey, acdStateKey, presenceKey, type AcdState, type PresenceRule, type SalesforcePresence } from '../../src/domain/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'psync-demo-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the demo the way `npm start` does, in a child process; resolves once it prints its banner. */
async function startDemo(args: string[]) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--cxone-port', '0', '--salesforce-port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PRESENCE_SYNC_DATA_DIR: dataDir, DATABASE_URL: '', PRESENCE_SYNC_MASTER_KEY: '', PRESENCE_SYNC_MASTER_KEY_FILE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('log in as') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const login = /log in as (\S+) \/ (\S+)/.exec(output);
  if (!login) throw new Error(`the demo did not start:\n${output}`);
  return { child, url: `http://127.0.0.1:${port}`, username: login[1]!, password: login[2]!, output: () => output, exited };
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

interface AgentRow {
  agentId: string;
  link: unknown;
  consoleConnected: boolean | null;
  cxone: { value: AcdState } | null;
  salesforce: { value: SalesforcePresence } | null;
}

/** Both sides agree under the rule: what CXone shows publishes to what Salesforce shows, or the reverse. */
function agree(rule: PresenceRule, cx: AcdState, sf: SalesforcePresence): boolean {
  const published = rule.publisher.find((r) => acdSourceKey(r.acd) === acdStateKey(cx));
  if (published && presenceKey(published.salesforce) === presenceKey(sf)) return true;
  const subscribed = rule.subscriber.find((r) => presenceKey(r.salesforce) === presenceKey(sf));
  if (subscribed && subscribed.acd.kind !== 'PREVIOUS' && acdSourceKey(subscribed.acd) === acdStateKey(cx)) return true;
  return subscribed?.acd.kind === 'PREVIOUS' || (!published && !subscribed);
}

describe('npm start: the live demo', () => {
  let firstPassword = '';

  it('syncs the simulated agents, shows both sides agreeing through the API, and stops cleanly', async () => {
    const demo = await startDemo(['--agents', '6', '--act-for', '6', '--seed', '5']);
    firstPassword = demo.password;
    await new Promise((r) => setTimeout(r, 9_000));
    const cookie = await signIn(demo.url, demo.username, demo.password);
    const get = async (path: string) => (await fetch(`${demo.url}/api/v1/tenants/demo/${path}`, { headers: { cookie } })).json();
    const [{ rules }, { agents }] = (await Promise.all([get('rules'), get('agents?limit=100')])) as [{ rules: PresenceRule[] }, { agents: AgentRow[] }];
    const rule = rules[0]!;
    const linked = agents.filter((a) => a.link && a.consoleConnected && a.cxone && a.salesforce);
    expect(linked.length).toBeGreaterThan(0);
    for (const agent of linked) expect({ agent: agent.agentId, agree: agree(rule, agent.cxone!.value, agent.salesforce!.value) }).toEqual({ agent: agent.agentId, agree: true });
    expect(demo.output()).toMatch(/set Salesforce to|set CXone to/);

    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toMatch(/Stopping: \d+ changes synced/);
    await expect(fetch(`${demo.url}/healthz`)).rejects.toThrow();
  }, 90_000);

  it('resumes the same data on a second start', async () => {
    const demo = await startDemo(['--agents', '6', '--duration', '4']);
    // The administrator made at the first start is still there: the hub's data was kept.
    expect(demo.password).toBe(firstPassword);
    const cookie = await signIn(demo.url, demo.username, demo.password);
    const audit = (await (await fetch(`${demo.url}/api/v1/tenants/demo/audit?limit=1&outcome=write`, { headers: { cookie } })).json()) as { entries: { at: number }[] };
    expect(audit.entries[0]!.at).toBeLessThan(Date.now() - 2_000);
    expect(await demo.exited).toBe(0);
  }, 90_000);
});
