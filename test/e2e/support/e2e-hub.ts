/**
 * The whole product over loopback for end-to-end tests: both emulators seeded by the demo world,
 * a hub started with `startHub` on a temp data dir and ephemeral port, seeded the way the demo's
 * administrator does it, and a fleet of simulated Omni-Channel consoles on the real bridge.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startDemoWorld, type DemoAgent, type DemoWorld } from '../../../demo/demo-world.ts';
import { DEMO_TENANT, seedHub } from '../../../demo/seed-hub.ts';
import { ConsoleFleet, type SimulatedAgentConsole } from '../../../emulators/salesforce/console/index.ts';
import { loadConfig, type Config } from '../../../src/config/index.ts';
import { createLogger } from '../../../src/hub/logger.ts';
import { startHub, type Hub } from '../../../src/hub/hub.ts';
import type { AuditEntry, Store } from '../../../src/store/index.ts';

export { DEMO_TENANT };

/** Short intervals so that a scenario converges in well under a second or two. */
export const FAST_ENV: Readonly<Record<string, string>> = {
  LOG_LEVEL: 'silent',
  // The emulators listen on loopback over http: the operator's allow-list for credentials (docs/configuration.md).
  PRESENCE_SYNC_ALLOWED_ENDPOINTS: 'http://127.0.0.1',
  PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: '250',
  PRESENCE_SYNC_BRIDGE_GRACE_MS: '300',
  PRESENCE_SYNC_ECHO_WINDOW_MS: '5000',
};

export const OFFLINE = 'Offline';

export interface E2eOptions {
  readonly agents: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Runs after the emulators are seeded and before the hub reads them (e.g. to add a user without prerequisites). */
  readonly beforeSeed?: (world: DemoWorld) => void | Promise<void>;
  /** An existing world (the hub restarts against the same emulators). */
  readonly world?: DemoWorld;
  /** The hub's data directory, kept after close (default: a temp dir removed at close). */
  readonly dataDir?: string;
}

export interface ConsoleEvent {
  readonly userId: string;
  readonly at: number;
  /** Status developer name, or Offline for a logout. */
  readonly status: string;
  /** The toolkit's reason; `OmniToolkitStatusChange` and logouts by the toolkit are the hub's own. */
  readonly byHub: boolean;
}

/** What the harness needs of a hub: where its bridge listens, its store, and how to stop it. */
export interface HubHandle {
  readonly url: string;
  readonly store: Store;
  stop(): Promise<void>;
}

export class E2e<H extends HubHandle = Hub> {
  readonly consoleEvents: ConsoleEvent[] = [];
  /** Console opens and closes, by Salesforce user id, with the time (external events). */
  readonly consoleLifecycle: { readonly userId: string; readonly at: number; readonly open: boolean }[] = [];
  private readonly fleet: ConsoleFleet;
  private readonly statusNameById: Map<string, string>;

  constructor(
    readonly world: DemoWorld,
    readonly hub: H,
    readonly config: Config,
    readonly bridgeSecret: string,
    private readonly ownsWorld: boolean,
    private readonly dataDir: string | undefined,
  ) {
    this.fleet = new ConsoleFleet({
      control: world.salesforce.control,
      hubUrl: `${hub.url.replace(/^http/, 'ws')}/bridge`,
      bridgeSecrets: { [world.org.id]: bridgeSecret },
      WebSocket: WebSocket as never,
      backoff: { baseMs: 50, maxMs: 500 },
    });
    this.statusNameById = new Map(Object.entries(world.org.statuses).map(([name, id]) => [id.toLowerCase(), name]));
  }

  get cx() {
    return this.world.cxone.control;
  }

  sfUserId(agent: DemoAgent): string {
    return this.world.org.users[agent.sfUsername] ?? this.world.salesforce.control.describeOrg(this.world.org.id).users[agent.sfUsername]!;
  }

  statusId(developerName: string): string {
    return this.world.org.statuses[developerName]!;
  }

  statusName(id: string): string {
    return this.statusNameById.get(id.toLowerCase()) ?? id;
  }

  /** Opens the agent's console (a browser with one tab) and records what its Omni-Channel does. */
  openConsole(agent: DemoAgent): SimulatedAgentConsole {
    const userId = this.sfUserId(agent);
    const browser = this.fleet.open(this.world.org.id, agent.sfUsername);
    this.consoleLifecycle.push({ userId, at: Date.now(), open: true });
    browser.omni.subscribe((event) => {
      if (event.kind === 'status') this.consoleEvents.push({ userId, at: Date.now(), status: event.statusApiName, byHub: event.reason === 'OmniToolkitStatusChange' });
      else if (event.kind === 'logout') this.consoleEvents.push({ userId, at: Date.now(), status: OFFLINE, byHub: event.reason === undefined });
    });
    return browser;
  }

  console(agent: DemoAgent): SimulatedAgentConsole | undefined {
    return this.fleet.of(this.world.org.id, agent.sfUsername).at(-1);
  }

  closeConsole(agent: DemoAgent): void {
    const browser = this.console(agent);
    if (!browser) return;
    browser.closeBrowser();
    this.consoleLifecycle.push({ userId: this.sfUserId(agent), at: Date.now(), open: false });
  }

  consoleOpen(agent: DemoAgent): boolean {
    return this.fleet.of(this.world.org.id, agent.sfUsername).some((b) => b.tabs().length > 0);
  }

  /** The agent sets a status by hand in the Omni-Channel widget (developer name). */
  agentSets(agent: DemoAgent, developerName: string): void {
    const browser = this.console(agent);
    if (!browser) throw new Error(`no console open for ${agent.name}`);
    browser.agentSets(developerName);
  }

  /** CXone state as a short key: LoggedOut, Available, Unavailable, Unavailable:<code name>, InboundContact. */
  cxoneState(agent: DemoAgent): string {
    const view = this.cx.agent(agent.cxoneAgentId);
    return cxoneKey(view.state, view.outStateName);
  }

  cxoneNextState(agent: DemoAgent): string | undefined {
    const next = this.cx.agent(agent.cxoneAgentId).nextState;
    if (!next) return undefined;
    return cxoneKey(next.state, this.codeName(next.outStateId));
  }

  codeName(outStateId: number): string {
    return Object.entries(this.world.codes).find(([, id]) => Number(id) === outStateId)?.[0] ?? '';
  }

  /** The agent's current Omni-Channel status (developer name) from the org's UserServicePresence rows, or Offline. */
  sfStatus(agent: DemoAgent): string {
    const userId = this.sfUserId(agent).toLowerCase();
    const row = this.world.salesforce.control
      .records(this.world.org.id, 'UserServicePresence')
      .find((r) => String(r.UserId).toLowerCase() === userId && r.IsCurrentState === true);
    return row ? this.statusName(String(row.ServicePresenceStatusId)) : OFFLINE;
  }

  /** Every audit entry of the tenant (optionally one agent's), oldest first. */
  async audit(agentId?: string | number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1_000; page++) {
      const result = await this.hub.store.audit.query({
        tenantId: DEMO_TENANT,
        ...(agentId === undefined ? {} : { agentId: String(agentId) }),
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      entries.push(...result.entries);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return entries.reverse();
  }

  async decisions(agent: DemoAgent): Promise<AuditEntry[]> {
    return (await this.audit(agent.cxoneAgentId)).filter((e) => e.kind === 'decision');
  }

  async close(): Promise<void> {
    this.fleet.closeAll();
    await this.hub.stop();
    if (this.ownsWorld) await this.world.close();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export function cxoneKey(state: string, codeName: string): string {
  return state === 'Unavailable' && codeName ? `Unavailable:${codeName}` : state;
}

export function hubConfig(dataDir: string, env: Readonly<Record<string, string>> = {}): Config {
  const config = loadConfig({ env: { ...FAST_ENV, PRESENCE_SYNC_DATA_DIR: dataDir, ...env }, mode: 'demo' });
  return { ...config, port: 0 } as Config;
}

/** Emulators, hub (SQLite in a temp dir unless DATABASE_URL is given in `env`), seeded as the demo does. */
export async function startE2e(options: E2eOptions): Promise<E2e> {
  const world = options.world ?? (await startDemoWorld({ agents: options.agents, cxonePort: 0, salesforcePort: 0 }));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'psync-e2e-'));
  const ownsDir = options.dataDir === undefined;
  let hub: Hub | undefined;
  try {
    await options.beforeSeed?.(world);
    const config = hubConfig(dataDir, options.env);
    hub = await startHub({ config, logger: createLogger('silent'), deferSources: true });
    const { bridgeSecret } = await seedHub(hub, world);
    return new E2e(world, hub, config, bridgeSecret, !options.world, ownsDir ? dataDir : undefined);
  } catch (error) {
    await hub?.stop().catch(() => undefined);
    if (!options.world) await world.close();
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Polls until `check` returns true (or a truthy value); throws with `describe()` after the timeout. */
export async function until<T>(check: () => T | Promise<T>, options: { readonly timeoutMs?: number; readonly intervalMs?: number; readonly what?: string | (() => string | Promise<string>) } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      const what = typeof options.what === 'function' ? await options.what() : (options.what ?? 'condition');
      throw new Error(`timed out waiting for ${what}${error ? `: ${String(error)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}
