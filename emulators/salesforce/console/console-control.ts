import WebSocket from 'ws';
import type { ClientPhase, WebSocketConstructor } from '../../../bridge-client/bridge-client.ts';
import type { EmulatorControl } from '../control/control.ts';
import type { SimulatedAgentConsole } from './agent-console.ts';
import { ConsoleFleet } from './console-fleet.ts';
import { OmniChannel } from './omni-channel.ts';

/** What an org's "Presence Sync Bridge" custom metadata record holds (salesforce/README.md). */
export interface BridgeSettings {
  /** The hub's bridge endpoint, e.g. `wss://presence.example.net/bridge`. */
  readonly hubUrl: string;
  readonly bridgeSecret: string;
}

/** What an agent's Omni-Channel widget did, as the toolkit's events tell it. */
export interface ConsoleEventView {
  readonly at: number;
  readonly kind: 'status' | 'login' | 'logout';
  /** Status developer name (status events). */
  readonly status?: string;
  /** The toolkit's reason: `OmniToolkitStatusChange` is a change made through the toolkit (the hub's). */
  readonly reason?: string;
}

export interface ConsoleView {
  readonly username: string;
  readonly userId: string;
  /** Whether a console tab is open in one of the user's browsers. */
  readonly open: boolean;
  /** The bridge component's phase in each open tab (`active`: connected to the hub). */
  readonly phases: readonly ClientPhase[];
  /** The Omni-Channel status shown (developer name), or null when the agent is offline. */
  readonly status: string | null;
  readonly events: readonly ConsoleEventView[];
}

interface Opened {
  readonly orgId: string;
  readonly username: string;
  readonly browser: SimulatedAgentConsole;
  readonly events: ConsoleEventView[];
}

/**
 * The agents' Lightning consoles of the emulated orgs, driven from outside the emulator's process
 * (over `/emulator/orgs/{org}/consoles`): each runs the real bridge client against the hub named in
 * the org's bridge settings, with the org's Omni-Channel behind the toolkit.
 */
export class ConsoleControl {
  private readonly fleets = new Map<string, ConsoleFleet>();
  private readonly opened = new Map<string, Opened[]>();

  constructor(
    private readonly control: EmulatorControl,
    private readonly WebSocketImpl: WebSocketConstructor = WebSocket as unknown as WebSocketConstructor,
  ) {}

  /** Sets the org's hub URL and bridge secret; consoles opened from now on use them. */
  setBridge(orgId: string, settings: BridgeSettings): void {
    if (!/^wss?:\/\//.test(settings.hubUrl)) throw new Error(`emulator: the hub URL must start with ws:// or wss://, got "${settings.hubUrl}"`);
    if (!settings.bridgeSecret) throw new Error('emulator: the bridge secret is empty');
    const org = this.control.describeOrg(orgId);
    this.fleets.set(org.id, new ConsoleFleet({ control: this.control, hubUrl: settings.hubUrl, bridgeSecrets: { [org.id]: settings.bridgeSecret }, WebSocket: this.WebSocketImpl }));
  }

  /** The agent opens their console in a new browser: its bridge component connects to the hub. */
  open(orgId: string, username: string): ConsoleView {
    const org = this.control.describeOrg(orgId);
    const fleet = this.fleets.get(org.id);
    if (!fleet) throw new Error(`emulator: org ${org.id} has no bridge settings yet (PUT /emulator/orgs/${org.id}/bridge with hubUrl and bridgeSecret)`);
    const browser = fleet.open(org.id, username);
    const events: ConsoleEventView[] = [];
    browser.omni.subscribe((event) => {
      if (event.kind === 'status') events.push({ at: Date.now(), kind: 'status', status: event.statusApiName, reason: event.reason });
      else if (event.kind === 'login') events.push({ at: Date.now(), kind: 'login' });
      else events.push({ at: Date.now(), kind: 'logout', ...(event.reason === undefined ? {} : { reason: event.reason }) });
    });
    const key = `${org.id}:${username}`;
    this.opened.set(key, [...(this.opened.get(key) ?? []), { orgId: org.id, username, browser, events }]);
    return this.view(org.id, username);
  }

  /** The agent picks a status in the Omni-Channel widget (or a supervisor does, from Omni Supervisor). */
  setStatus(orgId: string, username: string, status: string, by: 'agent' | 'supervisor' = 'agent'): ConsoleView {
    const latest = this.latest(orgId, username);
    if (!latest || latest.browser.tabs().length === 0) throw new Error(`emulator: ${username} has no console open`);
    if (by === 'supervisor') latest.browser.supervisorSets(status);
    else latest.browser.agentSets(status);
    return this.view(orgId, username);
  }

  /** The agent closes every browser: Salesforce logs them out of Omni-Channel. */
  close(orgId: string, username: string): ConsoleView {
    for (const o of this.all(orgId, username)) o.browser.closeBrowser();
    return this.view(orgId, username);
  }

  view(orgId: string, username: string): ConsoleView {
    const org = this.control.describeOrg(orgId);
    const userId = org.users[username];
    if (!userId) throw new Error(`emulator: no user ${username} in org ${orgId}`);
    const all = this.all(org.id, username);
    const tabs = all.flatMap((o) => o.browser.tabs());
    const current = new OmniChannel(this.control, org.id, userId).current();
    return {
      username,
      userId,
      open: tabs.length > 0,
      phases: tabs.map((t) => t.phase),
      status: current ? current.statusApiName || null : null,
      events: all.flatMap((o) => o.events).sort((a, b) => a.at - b.at),
    };
  }

  list(orgId: string): ConsoleView[] {
    const org = this.control.describeOrg(orgId);
    return [...new Set([...this.opened.values()].flat().filter((o) => o.orgId === org.id).map((o) => o.username))].map((u) => this.view(org.id, u));
  }

  closeAll(): void {
    for (const list of this.opened.values()) for (const o of list) o.browser.closeBrowser();
    this.opened.clear();
  }

  private all(orgId: string, username: string): readonly Opened[] {
    return this.opened.get(`${this.control.describeOrg(orgId).id}:${username}`) ?? [];
  }

  private latest(orgId: string, username: string): Opened | undefined {
    return this.all(orgId, username).at(-1);
  }
}
