/**
 * CPU time of one CXone state-poll cycle (GET /agents/states since a checkpoint → validate →
 * map to domain events with dedup keys → hand to the sink) over a tenant of 10,000 agents with
 * 1,000 changes, beside the CPU time of fetching the same answer and `JSON.parse`-ing it, in the
 * same run. The emulator runs in a child process so that its work is not counted.
 * Run: `npx tsx bench/cxone-poll.bench.ts [--quick]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CXONE_API_VERSIONS, createCxoneConnector, type CxoneConnectionSettings } from '../src/connectors/cxone/index.ts';
import type { BenchResult } from './support/result.ts';


const AGENTS = 10_000;
const CHANGES = 1_000;

interface Seeded {
  readonly url: string;
  readonly credentials: { tenantId: string; clientId: string; clientSecret: string; accessKeyId: string; accessKeySecret: string };
}

async function startEmulator(): Promise<{ child: ChildProcess; seeded: Seeded }> {
  const bin = fileURLToPath(new URL('../emulators/bin/cxone-emulator.js', import.meta.url));
  const child = spawn(process.execPath, [bin, '--port', '0', '--seed', String(AGENTS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const read: string[] = [];
  for await (const line of lines) {
    read.push(line);
    if (read.length === 2) break;
  }
  const [url, json] = read;
  if (!url || !json) throw new Error('the CXone emulator did not start');
  return { child, seeded: { url, credentials: JSON.parse(json) as Seeded['credentials'] } };
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const round = (ms: number): number => Math.round(ms * 100) / 100;

export async function run({ quick }: { quick: boolean }): Promise<BenchResult> {
  const samples = quick ? 5 : 30;
  const { child, seeded } = await startEmulator();
  try {
    const { url, credentials } = seeded;
    const settings: CxoneConnectionSettings = { ...credentials, issuer: url };
    const connector = createCxoneConnector({ connections: { get: async () => settings }, rateLimit: { burst: 10_000, perSecond: 10_000 } });
    const client = connector.client('bench');

    const agents = await client.listAgents();
    const codes = await client.listUnavailableCodes();
    const start = await client.agentStates();
    if (!agents.ok || !codes.ok || !start.ok || !start.value.lastPollTime) throw new Error('could not read the seeded tenant');
    const checkpoint = start.value.lastPollTime;

    // 1,000 agents take a break, as they would themselves (the control surface, not the API).
    const usable = codes.value.filter((c) => !c.isAcw);
    const changed = agents.value.filter((a) => !a.userName.startsWith('access.key.user')).slice(0, CHANGES);
    for (let i = 0; i < changed.length; i += 50) {
      await Promise.all(
        changed.slice(i, i + 50).map(async (agent, j) => {
          const response = await fetch(`${url}/emulator/agents/${agent.agentId}/state`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ state: 'Unavailable', outStateId: Number(usable[(i + j) % usable.length]!.id) }),
          });
          if (!response.ok) throw new Error(`control call failed: ${response.status}`);
        }),
      );
    }

    // The baseline reads the very same answer with a token of its own.
    const tokenResponse = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'password', username: credentials.accessKeyId, password: credentials.accessKeySecret }).toString(),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const feedUrl = `${url}/inContactAPI/services/${CXONE_API_VERSIONS.realtime}/agents/states?updatedSince=${encodeURIComponent(checkpoint)}&top=1000`;

    const pollCycle = async (): Promise<number> => {
      let delivered = 0;
      const poller = connector.statePoller('bench', { checkpoints: { get: async () => checkpoint }, sink: async (events) => void (delivered = events.length) });
      const before = process.cpuUsage();
      const cycle = await poller.pollOnce();
      const took = cpuMs(before);
      if (!cycle.ok || delivered !== CHANGES) throw new Error(`poll cycle delivered ${delivered} events: ${cycle.ok ? '' : cycle.failure.message}`);
      return took;
    };
    const fetchAndParse = async (): Promise<number> => {
      const before = process.cpuUsage();
      const response = await fetch(feedUrl, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      const body = JSON.parse(await response.text()) as { agentStates: unknown[] };
      const took = cpuMs(before);
      if (body.agentStates.length !== CHANGES) throw new Error(`baseline read ${body.agentStates.length} rows`);
      return took;
    };

    for (let i = 0; i < 3; i++) {
      await pollCycle();
      await fetchAndParse();
    }
    const cycles: number[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < samples; i++) {
      cycles.push(await pollCycle());
      baselines.push(await fetchAndParse());
    }
    return {
      name: `CXone poll cycle CPU, ${AGENTS.toLocaleString('en')} agents, ${CHANGES.toLocaleString('en')} changes (median of ${samples})`,
      value: round(median(cycles)),
      unit: 'ms',
      baseline: round(median(baselines)),
      baselineUnit: 'ms (fetch + JSON.parse of the same answer, same run)',
    };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await run({ quick: process.argv.includes('--quick') });
  const ratio = Math.round((result.value / result.baseline) * 100) / 100;
  console.log(`bench cxone-poll: ${result.value} ${result.unit} (baseline ${result.baseline} ms, ratio ${ratio})`);
}
