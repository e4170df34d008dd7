import type { BackoffPolicy } from '../../../bridge-client/backoff.ts';
import { createBridgeClient, type BridgeClient, type ClientPhase, type WebSocketConstructor } from '../../../bridge-client/bridge-client.ts';
import { broadcastChannelLease } from '../../../bridge-client/tab-lease.ts';
import type { EmulatorControl } from '../index.ts';
import { mintConsoleToken } from './bridge-token.ts';
import { OmniChannel, type OmniEvent } from './omni-channel.ts';
import { simulatedNetwork, type SimulatedNetwork } from './simulated-network.ts';

export interface SimulatedConsoleOptions {
  readonly control: EmulatorControl;
  readonly orgId: string;
  readonly userId: string;
  /** The hub's bridge endpoint, e.g. ws://127.0.0.1:8080/bridge. */
  readonly hubUrl: string;
  /** The org's bridge secret, as stored in its Presence Sync Bridge custom metadata. */
  readonly bridgeSecret: string;
  /** A WebSocket for Node (the `ws` package's). */
  readonly WebSocket: WebSocketConstructor;
  /** Tabs of one browser share its tab election; give each simulated browser its own ID. */
  readonly browserId?: string;
  readonly backoff?: BackoffPolicy;
  /** How often the active tab tells the others it is alive (default 1 s, as in browsers). */
  readonly leaseHeartbeatMs?: number;
  readonly log?: (level: 'info' | 'warn', message: string) => void;
}

export interface SimulatedTab {
  readonly tabId: string;
  readonly phase: ClientPhase;
  close(): void;
}

let browsers = 0;

/**
 * One agent's Lightning console in one browser, running the real bridge client with the emulated
 * org's Omni-Channel behind the toolkit interface. Tabs, manual and supervisor changes, logout,
 * closing the browser and network drops are the control surface's to drive.
 */
export class SimulatedAgentConsole {
  readonly omni: OmniChannel;
  readonly network: SimulatedNetwork;
  private readonly browserId: string;
  private readonly open = new Map<string, { client: BridgeClient; unsubscribe: () => void }>();
  private tabCount = 0;

  constructor(private readonly options: SimulatedConsoleOptions) {
    this.omni = new OmniChannel(options.control, options.orgId, options.userId);
    this.network = simulatedNetwork(options.WebSocket);
    this.browserId = options.browserId ?? `browser-${++browsers}-${process.pid}`;
  }

  /** Opens a console tab: its bridge component loads and connects (or follows the browser's active tab). */
  openTab(): SimulatedTab {
    const tabId = `${this.browserId}-tab-${++this.tabCount}`;
    const client = createBridgeClient({
      url: this.options.hubUrl,
      getToken: async () => mintConsoleToken(this.options.bridgeSecret, this.options.orgId, this.options.userId),
      toolkit: this.omni.toolkit(),
      WebSocket: this.network.WebSocket,
      tabId,
      lease: broadcastChannelLease({
        name: `presence-sync-bridge:${this.browserId}:${this.options.userId}`,
        tabId,
        heartbeatMs: this.options.leaseHeartbeatMs ?? 1_000,
      }),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.log ? { log: this.options.log } : {}),
    });
    const unsubscribe = this.omni.subscribe((event) => forward(client, event));
    this.open.set(tabId, { client, unsubscribe });
    client.start();
    return {
      tabId,
      get phase() {
        return client.phase;
      },
      close: () => this.closeTab(tabId),
    };
  }

  closeTab(tabId: string): void {
    const tab = this.open.get(tabId);
    if (!tab) return;
    this.open.delete(tabId);
    tab.unsubscribe();
    tab.client.stop();
  }

  tabs(): SimulatedTab[] {
    return [...this.open.entries()].map(([tabId, { client }]) => ({ tabId, phase: client.phase, close: () => this.closeTab(tabId) }));
  }

  /** The agent picks a status in the Omni-Channel widget (ID or developer name). */
  agentSets(status: string): void {
    this.omni.set(status, 'OmniManualStatusChange');
  }

  /** A supervisor changes the agent's status from Omni Supervisor. */
  supervisorSets(status: string): void {
    this.omni.set(status, 'OmniSupervisorStatusChange');
  }

  agentLogsOut(): void {
    this.omni.logout();
  }

  supervisorLogsOut(): void {
    this.omni.logout('OmniSupervisorLogout');
  }

  /** Every tab goes at once; Salesforce then logs the agent out of Omni-Channel. */
  closeBrowser(): void {
    for (const tabId of [...this.open.keys()]) this.closeTab(tabId);
    this.omni.logout(undefined, true);
  }

  dropNetwork(): void {
    this.network.drop();
  }

  restoreNetwork(): void {
    this.network.restore();
  }

  /** The console's connections go half-open: nothing gets through, and neither end is told. */
  halfOpenNetwork(): void {
    this.network.halfOpen();
  }
}

function forward(client: BridgeClient, event: OmniEvent): void {
  if (event.kind === 'status') client.statusChanged({ statusId: event.statusId, statusApiName: event.statusApiName, reason: event.reason });
  else if (event.kind === 'login') client.loggedIn({ statusId: event.statusId });
  else client.loggedOut(event.reason === undefined ? {} : { reason: event.reason });
}
