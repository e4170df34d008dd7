import type { BackoffPolicy } from '../../../bridge-client/backoff.ts';
import type { WebSocketConstructor } from '../../../bridge-client/bridge-client.ts';
import type { EmulatorControl } from '../index.ts';
import { SimulatedAgentConsole } from './agent-console.ts';

export interface ConsoleFleetOptions {
  readonly control: EmulatorControl;
  readonly hubUrl: string;
  /** The bridge secret of each org (18-character org ID → secret), as its custom metadata holds it. */
  readonly bridgeSecrets: Readonly<Record<string, string>>;
  readonly WebSocket: WebSocketConstructor;
  readonly backoff?: BackoffPolicy;
  readonly leaseHeartbeatMs?: number;
}

/** The agents' browsers of an emulated world, by org and username: what a demo or a chaos test drives. */
export class ConsoleFleet {
  private readonly browsers = new Map<string, SimulatedAgentConsole[]>();

  constructor(private readonly options: ConsoleFleetOptions) {}

  /** Opens a browser for the user with one console tab (a user may have several browsers). */
  open(orgId: string, username: string): SimulatedAgentConsole {
    const org = this.options.control.describeOrg(orgId);
    const userId = org.users[username];
    if (!userId) throw new Error(`emulator: no user ${username} in org ${orgId}`);
    const secret = this.options.bridgeSecrets[org.id];
    if (secret === undefined) throw new Error(`emulator: no bridge secret for org ${org.id}`);
    const browser = new SimulatedAgentConsole({
      control: this.options.control,
      orgId: org.id,
      userId,
      hubUrl: this.options.hubUrl,
      bridgeSecret: secret,
      WebSocket: this.options.WebSocket,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.leaseHeartbeatMs !== undefined ? { leaseHeartbeatMs: this.options.leaseHeartbeatMs } : {}),
    });
    browser.openTab();
    const key = `${org.id}:${username}`;
    this.browsers.set(key, [...(this.browsers.get(key) ?? []), browser]);
    return browser;
  }

  /** The user's browsers, oldest first. */
  of(orgId: string, username: string): readonly SimulatedAgentConsole[] {
    const org = this.options.control.describeOrg(orgId);
    return this.browsers.get(`${org.id}:${username}`) ?? [];
  }

  /** Closes every browser (the agents go offline in the org). */
  closeAll(): void {
    for (const browsers of this.browsers.values()) for (const browser of browsers) browser.closeBrowser();
    this.browsers.clear();
  }
}
