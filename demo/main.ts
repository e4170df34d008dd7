import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { ConsoleFleet } from '../emulators/salesforce/console/index.ts';
import { ConfigError, loadConfig } from '../src/config/index.ts';
import { createLogger } from '../src/hub/logger.ts';
import { withAdminApi } from '../src/hub/admin-api.ts';
import { startHub, type Hub } from '../src/hub/hub.ts';
import { performAction, DEMO_CATALOGUE, type AgentHands } from './agent-actions.ts';
import { AgentBehaviour, seededRandom } from './agent-behaviour.ts';
import { DecisionPrinter } from './decision-printer.ts';
import { STATUS_LABELS, startDemoWorld, type DemoWorld } from './demo-world.ts';
import { demoAdministrator } from './demo-admin.ts';
import { DEMO_TENANT, PREREQUISITES, seedHub } from './seed-hub.ts';

const HELP = `presence-sync demo: the hub with emulated CXone and Salesforce and simulated agents.

Usage: npm start [-- options]

Options (or environment variables):
  --agents N            simulated agents (PRESENCE_SYNC_DEMO_AGENTS, default 12, at most 2000)
  --cxone-port N        CXone emulator port (PRESENCE_SYNC_DEMO_CXONE_PORT, default 8081)
  --salesforce-port N   Salesforce emulator port (PRESENCE_SYNC_DEMO_SALESFORCE_PORT, default 8082)
  --duration S          stop by itself after S seconds (default: run until Ctrl-C)
  --act-for S           the agents act for S seconds, then stay still (default: until the end)
  --seed N              seed of the agents' behaviour (default 1)
  -h, --help            this text
The hub's own settings (PORT, PRESENCE_SYNC_DATA_DIR, LOG_LEVEL, ...) are in docs/configuration.md.`;

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}: expected a whole number from ${min} to ${max}, got '${raw}'.`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      'cxone-port': { type: 'string' },
      'salesforce-port': { type: 'string' },
      duration: { type: 'string' },
      'act-for': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = process.env;
  const agents = integer('--agents', values.agents ?? env.PRESENCE_SYNC_DEMO_AGENTS, 12, 1, 2000);
  const cxonePort = integer('--cxone-port', values['cxone-port'] ?? env.PRESENCE_SYNC_DEMO_CXONE_PORT, 8081, 0, 65535);
  const salesforcePort = integer('--salesforce-port', values['salesforce-port'] ?? env.PRESENCE_SYNC_DEMO_SALESFORCE_PORT, 8082, 0, 65535);
  const duration = integer('--duration', values.duration, 0, 0, 86_400);
  const actFor = integer('--act-for', values['act-for'], 0, 0, 86_400);
  const seed = integer('--seed', values.seed, 1, 0, 2 ** 31);
  const config = loadConfig({ env: { LOG_LEVEL: 'warn', PRESENCE_SYNC_BRIDGE_GRACE_MS: '5000', PRESENCE_SYNC_ALLOWED_ENDPOINTS: 'http://127.0.0.1,http://localhost', ...env }, mode: 'demo' });
  const logger = createLogger(config.logLevel);

  let world: DemoWorld;
  try {
    world = await startDemoWorld({ agents, cxonePort, salesforcePort });
  } catch (error) {
    throw portHint(error, 'an emulator', '--cxone-port / --salesforce-port');
  }
  let hub: Hub | undefined;
  try {
    const loginHosts = { production: `${world.salesforce.url}/login`, sandbox: `${world.salesforce.url}/test` };
    hub = await startHub({ config, logger, deferSources: true, ...withAdminApi({ logger, prerequisiteConfig: PREREQUISITES, loginHosts }) });
    const { bridgeSecret } = await seedHub(hub, world);
    const admin = await demoAdministrator(hub, config.dataDir);
    await runAgents(hub, world, { bridgeSecret, seed, duration, actFor, admin });
  } finally {
    await hub?.stop();
    await world.close();
  }
}

async function runAgents(hub: Hub, world: DemoWorld, options: { bridgeSecret: string; seed: number; duration: number; actFor: number; admin: { username: string; password: string } }): Promise<void> {
  const names = new Map(world.agents.map((a) => [String(a.cxoneAgentId), a.name]));
  const printer = new DecisionPrinter(hub.store, DEMO_TENANT, (id) => names.get(id) ?? id, (line) => console.log(line), Date.now());
  const fleet = new ConsoleFleet({ control: world.salesforce.control, hubUrl: `${hub.url.replace(/^http/, 'ws')}/bridge`, bridgeSecrets: { [world.org.id]: options.bridgeSecret }, WebSocket: WebSocket as never });
  const random = seededRandom(options.seed);
  const people = world.agents.map((agent) => ({ agent, behaviour: new AgentBehaviour(random, DEMO_CATALOGUE, Date.now()) }));
  const hands: AgentHands = {
    cxone: world.cxone.control,
    codes: world.codes,
    consoleOf: (agent) => fleet.of(world.org.id, agent.sfUsername).at(-1),
    openConsole: (agent) => void fleet.open(world.org.id, agent.sfUsername),
    closeConsole: (agent) => fleet.of(world.org.id, agent.sfUsername).at(-1)?.closeBrowser(),
  };

  console.log(`\npresence-sync demo is running.
  Hub:          ${hub.url}   (health ${hub.url}/readyz, metrics ${hub.url}/metrics)
  Console:      ${hub.url}   log in as ${options.admin.username} / ${options.admin.password}   (API: ${hub.url}/api/docs)
  CXone:        ${world.cxone.url}   (emulator; tenant ${world.cxoneTenantId})
  Salesforce:   ${world.salesforce.url}   (emulator; org ${world.org.id})
  Agents:       ${world.agents.length}, each with CXone and an Omni-Channel console, following the rule "Voice agents"
                (publisher: Available → ${STATUS_LABELS.available}, Lunch → ${STATUS_LABELS.busy}, Break → ${STATUS_LABELS.break}, on a call → ${STATUS_LABELS.onCall}, logged out → Offline;
                 subscriber: ${STATUS_LABELS.busy} → Lunch, ${STATUS_LABELS.break} → Break, ${STATUS_LABELS.available} → previous state)
  Data:         kept in the data directory; a second npm start resumes it.
Each line below is one decision of the hub and why it was made. Ctrl-C stops everything.\n`);

  printer.start();
  let stopping = false;
  const stop = new Promise<void>((resolve) => {
    const onSignal = () => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (options.duration > 0) setTimeout(onSignal, options.duration * 1000).unref();
  });
  const stillAfter = options.actFor > 0 ? Date.now() + options.actFor * 1000 : Infinity;
  const tick = setInterval(() => {
    const now = Date.now();
    if (stopping || now > stillAfter) return;
    for (const { agent, behaviour } of people) {
      const action = behaviour.step(now);
      if (action) performAction(hands, agent, action);
    }
  }, 200);
  await stop;
  clearInterval(tick);
  await printer.flush().catch(() => undefined);
  printer.stop();
  console.log(`\nStopping: ${printer.writes} changes synced, ${printer.echoes} echoes of the hub's own writes recognised.`);
  fleet.closeAll();
}

function portHint(error: unknown, what: string, flag: string): Error {
  if ((error as { code?: string }).code === 'EADDRINUSE') return new Error(`PSYNC_PORT_IN_USE: ${what}'s port is already in use. Stop what is using it, or choose another with ${flag}.`);
  return error instanceof Error ? error : new Error(String(error));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
