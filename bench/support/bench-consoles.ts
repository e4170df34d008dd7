import WebSocket from 'ws';
import { createBridgeClient, type BridgeClient, type WebSocketConstructor } from '../../bridge-client/bridge-client.ts';
import type { ToolkitStatus } from '../../bridge-client/toolkit.ts';
import { mintConsoleToken } from '../../emulators/salesforce/console/index.ts';
import { sleep } from './result.ts';

/** `ws` throws an 'error' nobody listens to when a socket is closed while connecting; browsers do not. */
class QuietWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => undefined);
  }
}

/** Salesforce IDs compare on their first 15 characters (the last 3 only encode case). */
export const sameId = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

export interface ConsoleAgent {
  /** The Salesforce user, in the org of `orgId`. */
  readonly userId: string;
  readonly orgId: string;
  /** The org's console-bridge secret (signs the console's token). */
  readonly bridgeSecret: string;
  /** The bridge of the hub this console connects to (`ws://…/bridge`). */
  readonly hubUrl: string;
  readonly status: ToolkitStatus;
}

/**
 * One Omni-Channel console per agent, each running the real bridge client over its own WebSocket.
 * The toolkit behind it keeps the status in memory (the emulator's OmniChannel re-reads the org's
 * records on every call, which at 10,000 agents would measure the emulator) and, like Salesforce,
 * fires `omniChannelStatusChanged` after a toolkit set has answered, so echoes come back as in life.
 */
export class BenchConsoles {
  /** Set-status commands the consoles received: the Salesforce side's upstream calls. */
  commands = 0;
  private readonly clients: BridgeClient[] = [];
  private readonly current: (ToolkitStatus | null)[];

  constructor(
    private readonly options: {
      readonly agents: readonly ConsoleAgent[];
      /** Told of every status a command applied (the agent's index, the status, when). */
      readonly onApplied: (index: number, statusId: string, at: number) => void;
    },
  ) {
    this.current = options.agents.map((a) => a.status);
  }

  /**
   * Connects every console, a batch at a time (each batch waits for the one before: a burst of
   * thousands of handshakes overflows the listen backlog). Resolves when all are in, or when at
   * least 99 % are and no more came for `stragglerMs` (a console refused under load waits minutes
   * before it tries again; `isActive` tells which ones made it).
   */
  async connect(timeoutMs: number, stragglerMs = 10_000): Promise<void> {
    const { agents } = this.options;
    const connected = () => this.activeCount();
    const deadline = Date.now() + timeoutMs;
    const fail = () => new Error(`only ${connected()} of ${agents.length} consoles connected within ${timeoutMs} ms`);
    for (let i = 0; i < agents.length; i++) {
      this.clients.push(this.client(i));
      this.clients[i]!.start();
      if (i % 200 !== 199) continue;
      while (connected() < i + 1 - 100) {
        if (Date.now() > deadline) throw fail();
        await sleep(20);
      }
    }
    let count = connected();
    let since = Date.now();
    while (count < agents.length) {
      if (Date.now() > deadline) throw fail();
      if (count >= agents.length * 0.99 && Date.now() - since >= stragglerMs) return;
      await sleep(50);
      const now = connected();
      if (now !== count) {
        count = now;
        since = Date.now();
      }
    }
  }

  /** Consoles connected and active. */
  activeCount(): number {
    let count = 0;
    for (const client of this.clients) if (client.phase === 'active') count++;
    return count;
  }

  /** Whether the agent's console is connected and active (the hub can reach it). */
  isActive(index: number): boolean {
    return this.clients[index]?.phase === 'active';
  }

  /** The agent picks a status in the Omni-Channel widget. */
  agentSets(index: number, statusId: string): void {
    this.current[index] = { statusId };
    this.clients[index]!.statusChanged({ statusId, reason: 'OmniManualStatusChange' });
  }

  close(): void {
    for (const client of this.clients) client.stop();
    this.clients.length = 0;
  }

  private client(index: number): BridgeClient {
    const { userId, orgId, bridgeSecret, hubUrl } = this.options.agents[index]!;
    const self: { client?: BridgeClient } = {};
    const toolkit = {
      setServicePresenceStatus: async (statusId: string): Promise<ToolkitStatus> => {
        this.commands++;
        this.current[index] = { statusId };
        this.options.onApplied(index, statusId, performance.now());
        setTimeout(() => self.client?.statusChanged({ statusId, reason: 'OmniToolkitStatusChange' }), 0);
        return { statusId };
      },
      logout: async () => {
        this.current[index] = null;
        setTimeout(() => self.client?.loggedOut({}), 0);
        return true;
      },
      getServicePresenceStatusId: async () => this.current[index] ?? null,
    };
    const client = createBridgeClient({
      url: hubUrl,
      getToken: async () => mintConsoleToken(bridgeSecret, orgId, userId),
      toolkit,
      WebSocket: QuietWebSocket as unknown as WebSocketConstructor,
      tabId: `bench-${index}`,
    });
    self.client = client;
    return client;
  }
}
