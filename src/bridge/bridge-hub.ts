import { randomUUID } from 'node:crypto';
import { CLOSE_CODES, type HelloMessage } from '../../bridge-client/protocol.ts';
import type { SalesforcePresence } from '../domain/index.ts';
import { verifyBridgeToken } from './bridge-token.ts';
import { BridgeConnection, type Authentication, type BridgeSocket, type ConnectionHost } from './bridge-connection.ts';
import { consoleClosedEvent } from './console-events.ts';
import { silentLogger, type AgentLinks, type BridgeEvent, type BridgeEventSink, type BridgeLogger, type BridgeSecrets, type OnConsoleConnected } from './ports.ts';
import { InMemoryReplayCache, type ReplayCache } from './replay-cache.ts';
import { SessionRegistry, type RegistryStats } from './session-registry.ts';
import type { SetStatusOptions, SetStatusOutcome } from './set-status-outcome.ts';

export interface BridgeHubOptions {
  readonly secrets: BridgeSecrets;
  readonly links: AgentLinks;
  readonly sink: BridgeEventSink;
  /** Called (not awaited) when a console becomes an agent's active one: the initial sync. */
  readonly onConsoleConnected?: OnConsoleConnected;
  /** Default: one per hub process (`InMemoryReplayCache`). */
  readonly replayCache?: ReplayCache;
  /** How long a vanished console may stay away before the agent counts as Offline (default 60 s). */
  readonly graceMs?: number;
  /** Ping interval; a console silent for two intervals is dropped (default 20 s). */
  readonly heartbeatMs?: number;
  /** How long a new socket has to say hello (default 10 s). */
  readonly helloTimeoutMs?: number;
  readonly tokenMaxLifetimeMs?: number;
  readonly clockSkewMs?: number;
  readonly now?: () => number;
  readonly logger?: BridgeLogger;
}

/** What the WebSocket endpoint hands a socket's frames and close to. */
export interface AcceptedSocket {
  receive(raw: unknown): void;
  closed(): void;
}

export interface ActiveConsole {
  readonly agentId: string;
  readonly orgId: string;
  readonly sfUserId: string;
}

export interface BridgeStats extends RegistryStats {
  readonly connections: number;
  readonly pendingCommands: number;
}

export interface BridgeHub {
  /** Takes a new socket: the endpoint calls this for each upgrade on `/bridge`. */
  accept(socket: BridgeSocket): AcceptedSocket;
  /** The writer: asks the agent's active console to show `presence`, waits for the answer. */
  sendSetStatus(agentId: string, presence: SalesforcePresence, options: SetStatusOptions): Promise<SetStatusOutcome>;
  hasConsole(agentId: string): boolean;
  /** The agents whose active console this hub instance holds (for claiming their Salesforce intents). */
  activeConsoles(): readonly ActiveConsole[];
  stats(): BridgeStats;
  /** Closes every socket and timer; pending commands end as timed out. */
  close(): Promise<void>;
}

const INTENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createBridgeHub(options: BridgeHubOptions): BridgeHub {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const replayCache = options.replayCache ?? new InMemoryReplayCache(now);
  const connections = new Set<BridgeConnection>();

  const deliverClosed = (agentId: string, sessionId: string): void => {
    const event = consoleClosedEvent(agentId, sessionId, now());
    logger.info({ agentId }, 'bridge console gone past the grace period: agent counts as Offline');
    options.sink(event).catch((error: unknown) => logger.warn({ agentId, error: String(error) }, 'bridge event sink failed for console_closed'));
  };
  const registry = new SessionRegistry(options.graceMs ?? 60_000, deliverClosed);

  const host: ConnectionHost = {
    heartbeatMs,
    logger,
    now,
    async authenticate(hello: HelloMessage): Promise<Authentication> {
      const check = await verifyBridgeToken(hello.token, {
        secrets: options.secrets,
        replayCache,
        now: now(),
        ...(options.tokenMaxLifetimeMs !== undefined ? { maxLifetimeMs: options.tokenMaxLifetimeMs } : {}),
        ...(options.clockSkewMs !== undefined ? { clockSkewMs: options.clockSkewMs } : {}),
      });
      if (!check.ok) return check;
      const { orgId, sfUserId, jti } = check.token;
      const agentId = await options.links.resolve(orgId, sfUserId);
      if (agentId === undefined) {
        return {
          ok: false,
          reason: 'unknown_user',
          code: 'PSYNC_BRIDGE_UNKNOWN_USER',
          message: `Salesforce user ${sfUserId} is not linked to an agent; link the user in presence-sync, then reload the console.`,
        };
      }
      return { ok: true, identity: { orgId, sfUserId, agentId, tabId: hello.tabId, jti } };
    },
    attach: (connection) => registry.attach(connection),
    detach: (connection) => registry.detach(connection),
    forget: (connection) => connections.delete(connection),
    async report(connection: BridgeConnection, event: BridgeEvent, connected: SalesforcePresence | undefined): Promise<void> {
      await options.sink(event);
      const who = connection.identity;
      if (connected === undefined || !who || !options.onConsoleConnected) return;
      // Not awaited: the hook may send a command whose answer arrives on this very connection.
      Promise.resolve()
        .then(() => options.onConsoleConnected?.({ agentId: who.agentId, orgId: who.orgId, sfUserId: who.sfUserId, tabId: who.tabId, sessionId: connection.sessionId, presence: connected }))
        .catch((error: unknown) => logger.warn({ agentId: who.agentId, error: String(error) }, 'bridge onConsoleConnected hook failed'));
    },
  };

  const sweep = (): void => {
    const at = now();
    for (const connection of connections) {
      if (connection.state === 'awaiting_hello' || connection.state === 'verifying') {
        if (at - connection.openedAt > helloTimeoutMs) connection.close(CLOSE_CODES.refused, 'hello_timeout');
      } else if (connection.state === 'open') {
        if (at - connection.lastHeardAt > 2 * heartbeatMs) connection.close(CLOSE_CODES.heartbeatLost, 'heartbeat lost');
        else connection.pingIfDue(at, heartbeatMs);
      }
    }
  };
  const heartbeat = setInterval(sweep, Math.max(10, Math.min(heartbeatMs, helloTimeoutMs) / 2));
  heartbeat.unref();

  return {
    accept(socket: BridgeSocket): AcceptedSocket {
      const connection = new BridgeConnection(socket, host);
      connections.add(connection);
      return {
        receive: (raw) => connection.receive(raw),
        closed: () => connection.closed(),
      };
    },

    async sendSetStatus(agentId, presence, { intentId, timeoutMs, signal }): Promise<SetStatusOutcome> {
      if (!INTENT_ID.test(intentId)) {
        throw new TypeError(`PSYNC_BRIDGE_INTENT_ID: intent IDs sent to consoles must be 1 to 64 of A-Z, a-z, 0-9, _ and - (got ${JSON.stringify(intentId)}).`);
      }
      const connection = registry.active(agentId);
      if (!connection || connection.state !== 'open') return { kind: 'no_console' };
      return connection.sendSetStatus(randomUUID(), intentId, presence, timeoutMs, signal);
    },

    hasConsole: (agentId) => registry.active(agentId)?.state === 'open',

    activeConsoles(): readonly ActiveConsole[] {
      const held: ActiveConsole[] = [];
      for (const connection of connections) {
        const who = connection.identity;
        if (connection.state === 'open' && connection.role === 'active' && who) held.push({ agentId: who.agentId, orgId: who.orgId, sfUserId: who.sfUserId });
      }
      return held;
    },

    stats(): BridgeStats {
      let pendingCommands = 0;
      for (const connection of connections) pendingCommands += connection.pendingCommands;
      return { ...registry.stats(), connections: connections.size, pendingCommands };
    },

    async close(): Promise<void> {
      clearInterval(heartbeat);
      registry.close();
      for (const connection of connections) {
        // Forget it first so that closing does not start grace periods or promote standbys.
        connection.identity = undefined;
        connection.close(CLOSE_CODES.shutdown, 'hub shutting down');
      }
      connections.clear();
    },
  };
}
