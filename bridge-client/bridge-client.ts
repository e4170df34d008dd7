import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import {
  BRIDGE_PROTOCOL_VERSION,
  CAPABILITIES,
  parseHubMessage,
  RETRYABLE_REFUSALS,
  sameSalesforceRecord,
  type ConsoleMessage,
  type ConsolePresence,
  type HubMessage,
  type SetStatusMessage,
} from './protocol.ts';
import { broadcastChannelLease, type TabLease } from './tab-lease.ts';
import type { OmniToolkit } from './toolkit.ts';

/** The part of the browser's WebSocket the client uses (the `ws` package's WebSocket fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ClientPhase = 'idle' | 'follower' | 'connecting' | 'active' | 'standby' | 'waiting' | 'stopped';
export type LogLevel = 'info' | 'warn';

export interface BridgeClientOptions {
  /** The hub's endpoint, e.g. `wss://presence-sync.example.com/bridge`. */
  readonly url: string;
  /** A fresh token for each connection attempt (the Apex class mints them). */
  readonly getToken: () => Promise<string>;
  readonly toolkit: OmniToolkit;
  /** Default: the global WebSocket. */
  readonly WebSocket?: WebSocketConstructor;
  readonly tabId?: string;
  /** Coordinates tabs; without one, every tab connects and the hub keeps all but one standing by. */
  readonly lease?: TabLease;
  /** Instead of `lease`: elect over a BroadcastChannel of this name (per agent), where the browser has one. */
  readonly leaseName?: string;
  readonly backoff?: BackoffPolicy;
  /** How long to wait after a refusal that a retry cannot fix (bad secret, unknown user...). Default 5 minutes. */
  readonly refusedRetryMs?: number;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly log?: (level: LogLevel, message: string, details?: Record<string, unknown>) => void;
  /** Told whenever the phase changes (for the component's little status line). */
  readonly onPhase?: (phase: ClientPhase) => void;
}

export interface BridgeClient {
  start(): void;
  stop(): void;
  /** `lightning:omniChannelStatusChanged`. */
  statusChanged(event: { statusId: string; statusApiName?: string; reason: string }): void;
  /** `lightning:omniChannelLoginSuccess`. */
  loggedIn(event: { statusId: string }): void;
  /** `lightning:omniChannelLogout`. */
  loggedOut(event: { reason?: string }): void;
  readonly phase: ClientPhase;
  readonly tabId: string;
}

interface OwnWrite {
  readonly commandId: string;
  readonly target: { kind: 'status'; statusId: string } | { kind: 'offline' };
  readonly until: number;
}

/** How long after applying a command the toolkit's events are still taken as its echo. */
const OWN_WRITE_WINDOW_MS = 30_000;
const OPEN = 1;

const randomTabId = (random: () => number): string => `t${Math.floor(random() * 2 ** 48).toString(36)}${Date.now().toString(36)}`;

export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const tabId = options.tabId ?? randomTabId(random);
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  const toolkit = options.toolkit;
  const lease = options.lease ?? (options.leaseName ? broadcastChannelLease({ name: options.leaseName, tabId }) : undefined);

  let phase: ClientPhase = 'idle';
  let wanted = false; // leader (or no lease) and started
  let socket: WebSocketLike | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let heartbeatMs = 30_000;
  let nextRetryMs: number | undefined;
  let seq = 0;
  let changedSinceHello = false;
  let lastReported: string | undefined;
  let ownWrites: OwnWrite[] = [];
  let commands: Promise<void> = Promise.resolve();

  const setPhase = (next: ClientPhase): void => {
    if (phase === next) return;
    phase = next;
    options.onPhase?.(next);
  };
  const send = (message: ConsoleMessage): void => {
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(message));
  };
  const presenceKey = (p: ConsolePresence): string => (p.kind === 'offline' ? 'offline' : `s:${p.statusId.slice(0, 15)}`);

  async function currentPresence(): Promise<ConsolePresence> {
    try {
      const status = await toolkit.getServicePresenceStatusId();
      if (!status) return { kind: 'offline' };
      return { kind: 'status', statusId: status.statusId, ...(status.statusApiName ? { developerName: status.statusApiName } : {}) };
    } catch {
      // The toolkit rejects when the agent is not logged in to Omni-Channel.
      return { kind: 'offline' };
    }
  }

  function clearTimers(): void {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    if (watchdog !== undefined) clearTimeout(watchdog);
    retryTimer = undefined;
    watchdog = undefined;
  }

  function feedWatchdog(): void {
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      log('warn', 'presence-sync bridge: the hub went silent; reconnecting');
      socket?.close(4408, 'heartbeat lost');
      dropped();
    }, Math.round(2.5 * heartbeatMs));
  }

  function scheduleReconnect(): void {
    if (!wanted || retryTimer !== undefined) return;
    const delay = nextRetryMs ?? backoffDelay(attempt, backoff, random);
    nextRetryMs = undefined;
    attempt++;
    setPhase('waiting');
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  }

  /** The socket is gone (closed by either side): forget it and try again if this tab should be connected. */
  function dropped(): void {
    const old = socket;
    socket = undefined;
    if (old) {
      old.onopen = null;
      old.onmessage = null;
      old.onclose = null;
      old.onerror = null;
    }
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = undefined;
    if (wanted) scheduleReconnect();
  }

  async function connect(): Promise<void> {
    if (!wanted || socket) return;
    if (!Socket) {
      log('warn', 'presence-sync bridge: this browser has no WebSocket');
      return;
    }
    setPhase('connecting');
    let token: string;
    try {
      token = await options.getToken();
    } catch (error) {
      log('warn', 'presence-sync bridge: could not get a token', { error: String(error) });
      scheduleReconnect();
      return;
    }
    if (!wanted || socket) return;
    const ws = new Socket(options.url);
    socket = ws;
    // Also bounds a connection attempt that neither opens nor fails.
    feedWatchdog();
    ws.onopen = () => {
      void (async () => {
        const status = await currentPresence();
        if (socket !== ws) return;
        changedSinceHello = false;
        lastReported = presenceKey(status);
        send({ type: 'hello', v: BRIDGE_PROTOCOL_VERSION, token, tabId, seq, status, capabilities: [...CAPABILITIES] });
      })();
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      feedWatchdog();
      const parsed = parseHubMessage(typeof event.data === 'string' ? event.data : String(event.data));
      if (!parsed.ok) {
        log('warn', 'presence-sync bridge: ignored a frame from the hub', { error: parsed.error });
        return;
      }
      void onHubMessage(parsed.message);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      log('info', 'presence-sync bridge: connection closed', { code: event.code, reason: event.reason });
      dropped();
    };
    ws.onerror = () => undefined; // onclose follows and handles it
  }

  async function reportCurrent(): Promise<void> {
    const status = await currentPresence();
    seq++;
    lastReported = presenceKey(status);
    send({ type: 'current_status', seq, status, at: now() });
  }

  async function onHubMessage(message: HubMessage): Promise<void> {
    switch (message.type) {
      case 'welcome':
        attempt = 0;
        heartbeatMs = message.heartbeatMs;
        feedWatchdog();
        setPhase(message.role);
        log('info', `presence-sync bridge: connected as the ${message.role} tab`);
        if (message.role === 'active' && changedSinceHello) await reportCurrent();
        return;
      case 'refused':
        log('warn', `presence-sync bridge: the hub refused the connection (${message.reason}): ${message.message}`, { code: message.code });
        if (!RETRYABLE_REFUSALS.has(message.reason)) nextRetryMs = options.refusedRetryMs ?? 5 * 60_000;
        return;
      case 'rejected':
        log('warn', `presence-sync bridge: the hub ignored a frame (${message.reason}): ${message.message}`);
        return;
      case 'standby':
        setPhase('standby');
        return;
      case 'active':
        setPhase('active');
        await reportCurrent();
        return;
      case 'ping':
        send({ type: 'pong', nonce: message.nonce });
        return;
      case 'pong':
        return;
      case 'set_status':
        // One command at a time, in the order they came.
        commands = commands.then(() => apply(message));
        return;
    }
  }

  async function apply(command: SetStatusMessage): Promise<void> {
    if (phase !== 'active') {
      send({ type: 'command_result', commandId: command.commandId, outcome: 'refused', why: 'this tab is not the active one' });
      return;
    }
    const current = await currentPresence();
    const target = command.target;
    const already = target.kind === 'offline' ? current.kind === 'offline' : current.kind === 'status' && sameSalesforceRecord(current.statusId, target.statusId);
    if (already) {
      send({ type: 'command_result', commandId: command.commandId, outcome: 'applied', status: current });
      return;
    }
    const own: OwnWrite = { commandId: command.commandId, target, until: now() + OWN_WRITE_WINDOW_MS };
    ownWrites = [own];
    try {
      if (target.kind === 'offline') {
        await toolkit.logout();
        send({ type: 'command_result', commandId: command.commandId, outcome: 'applied', status: { kind: 'offline' } });
      } else {
        const shown = await toolkit.setServicePresenceStatus(target.statusId);
        const status: ConsolePresence = { kind: 'status', statusId: shown.statusId, ...(shown.statusApiName ? { developerName: shown.statusApiName } : {}) };
        send({ type: 'command_result', commandId: command.commandId, outcome: 'applied', status });
      }
    } catch (error) {
      ownWrites = ownWrites.filter((w) => w !== own);
      const why = (error instanceof Error ? error.message : String(error)) || 'the Omni-Channel toolkit refused';
      send({ type: 'command_result', commandId: command.commandId, outcome: 'refused', why: why.slice(0, 1000) });
    }
  }

  /** The command whose write this toolkit event echoes, if any. */
  function ownCommandFor(target: { kind: 'status'; statusId: string } | { kind: 'offline' }): string | undefined {
    const at = now();
    ownWrites = ownWrites.filter((w) => w.until >= at);
    const match = ownWrites.find((w) =>
      w.target.kind === 'offline' ? target.kind === 'offline' : target.kind === 'status' && sameSalesforceRecord(w.target.statusId, target.statusId),
    );
    return match?.commandId;
  }

  function report(message: (seq: number) => ConsoleMessage, key: string): void {
    if (phase !== 'active') {
      changedSinceHello = true;
      return;
    }
    seq++;
    lastReported = key;
    send(message(seq));
  }

  return {
    get phase() {
      return phase;
    },
    tabId,

    start() {
      if (phase !== 'idle' && phase !== 'stopped') return;
      setPhase(lease ? 'follower' : 'connecting');
      const onRole = (leader: boolean): void => {
        wanted = leader;
        if (leader) {
          attempt = 0;
          void connect();
          return;
        }
        clearTimers();
        const old = socket;
        dropped();
        old?.close(1000, 'another tab of this agent took over');
        setPhase('follower');
      };
      if (lease) lease.start(onRole);
      else onRole(true);
    },

    stop() {
      wanted = false;
      lease?.stop();
      clearTimers();
      const old = socket;
      dropped();
      old?.close(1000, 'console closed');
      setPhase('stopped');
    },

    statusChanged(event) {
      const target = { kind: 'status', statusId: event.statusId } as const;
      // A login caused by our command may be reported with the login reason rather than the toolkit's.
      const ours = event.reason === 'OmniToolkitStatusChange' || event.reason === 'OmniLoginStatusChange';
      const commandId = ours ? ownCommandFor(target) : undefined;
      report(
        (n) => ({
          type: 'status_changed',
          seq: n,
          statusId: event.statusId,
          ...(event.statusApiName ? { developerName: event.statusApiName } : {}),
          reason: event.reason,
          at: now(),
          ...(commandId ? { commandId } : {}),
        }),
        `s:${event.statusId.slice(0, 15)}`,
      );
    },

    loggedIn(event) {
      // Omni-Channel usually also fires a status change for a login; report only what is new.
      if (lastReported === `s:${event.statusId.slice(0, 15)}`) return;
      const commandId = ownCommandFor({ kind: 'status', statusId: event.statusId });
      report(
        (n) => ({ type: 'status_changed', seq: n, statusId: event.statusId, reason: commandId ? 'OmniToolkitStatusChange' : 'OmniLoginStatusChange', at: now(), ...(commandId ? { commandId } : {}) }),
        `s:${event.statusId.slice(0, 15)}`,
      );
    },

    loggedOut(event) {
      const commandId = ownCommandFor({ kind: 'offline' });
      report((n) => ({ type: 'logged_out', seq: n, ...(event.reason ? { reason: event.reason } : {}), at: now(), ...(commandId ? { commandId } : {}) }), 'offline');
    },
  };
}
