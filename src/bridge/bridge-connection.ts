import { randomUUID } from 'node:crypto';
import {
  BRIDGE_PROTOCOL_VERSION,
  CLOSE_CODES,
  parseConsoleMessage,
  type CommandResultMessage,
  type ConsoleMessage,
  type HelloMessage,
  type HubMessage,
  type RefusalReason,
} from '../../bridge-client/protocol.ts';
import { OFFLINE, type SalesforcePresence } from '../domain/index.ts';
import { connectedEvent, loggedOutEvent, statusChangedEvent, toPresence, type ConsoleIdentity } from './console-events.ts';
import type { BridgeEvent, BridgeLogger } from './ports.ts';
import type { SetStatusOutcome } from './set-status-outcome.ts';

/** The socket under a connection (a `ws` WebSocket, or a fake in tests). */
export interface BridgeSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export type Authentication =
  | { readonly ok: true; readonly identity: ConsoleIdentity }
  | { readonly ok: false; readonly reason: RefusalReason; readonly code: string; readonly message: string };

/** What a connection needs from the hub. */
export interface ConnectionHost {
  readonly heartbeatMs: number;
  readonly logger: BridgeLogger;
  now(): number;
  authenticate(hello: HelloMessage): Promise<Authentication>;
  /** Registers an authenticated connection; the registry tells it its role. */
  attach(connection: BridgeConnection): void;
  detach(connection: BridgeConnection): void;
  /** The connection is closed, registered or not. */
  forget(connection: BridgeConnection): void;
  /** Delivers an event; `connected` marks the initial-sync moment. Throws when the sink failed. */
  report(connection: BridgeConnection, event: BridgeEvent, connected: SalesforcePresence | undefined): Promise<void>;
}

interface PendingCommand {
  readonly resolve: (outcome: SetStatusOutcome) => void;
}

/** Frames waiting behind a slow one; past this a console is flooding and is cut off. */
const MAX_QUEUED_FRAMES = 64;

/** One console tab's WebSocket: hello and token check, then reports in, commands out. */
export class BridgeConnection {
  readonly sessionId = randomUUID();
  readonly openedAt: number;
  lastHeardAt: number;
  state: 'awaiting_hello' | 'verifying' | 'open' | 'closed' = 'awaiting_hello';
  role: 'active' | 'standby' | undefined;
  identity: ConsoleIdentity | undefined;
  private lastSeq = -1;
  private readonly pending = new Map<string, PendingCommand>();
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private lastPingAt = 0;

  constructor(
    private readonly socket: BridgeSocket,
    private readonly host: ConnectionHost,
  ) {
    this.openedAt = host.now();
    this.lastHeardAt = this.openedAt;
  }

  get pendingCommands(): number {
    return this.pending.size;
  }

  /** A frame arrived. Frames are handled one after the other, never concurrently. */
  receive(raw: unknown): void {
    if (this.state === 'closed') return;
    this.lastHeardAt = this.host.now();
    if (this.queued >= MAX_QUEUED_FRAMES) {
      this.refuse('malformed', 'PSYNC_BRIDGE_FLOOD', 'Too many frames at once; the console must wait for answers.');
      return;
    }
    this.queued++;
    this.queue = this.queue
      .then(() => this.handle(raw))
      .catch((error: unknown) => this.host.logger.warn({ sessionId: this.sessionId, error: String(error) }, 'bridge frame handling failed'))
      .finally(() => {
        this.queued--;
      });
  }

  /** Sends a set-status command and waits for its result. */
  sendSetStatus(commandId: string, intentId: string, presence: SalesforcePresence, timeoutMs: number, signal?: AbortSignal): Promise<SetStatusOutcome> {
    return new Promise((resolve) => {
      const finish = (outcome: SetStatusOutcome): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(commandId);
        resolve(outcome);
      };
      const onAbort = (): void => finish({ kind: 'timed_out', commandId, why: 'aborted' });
      const timer = setTimeout(() => finish({ kind: 'timed_out', commandId, why: 'no_answer' }), timeoutMs);
      this.pending.set(commandId, { resolve: finish });
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      const target = presence.kind === 'Offline' ? ({ kind: 'offline' } as const) : ({ kind: 'status', statusId: presence.statusId } as const);
      this.send({ type: 'set_status', commandId, intentId, target });
    });
  }

  makeActive(announce: boolean): void {
    this.role = 'active';
    if (announce) this.send({ type: 'active' });
  }

  makeStandby(): void {
    this.role = 'standby';
  }

  /** Pings when the last ping is at least `intervalMs` old. */
  pingIfDue(at: number, intervalMs: number): void {
    if (at - this.lastPingAt < intervalMs) return;
    this.lastPingAt = at;
    this.send({ type: 'ping', nonce: this.sessionId.slice(0, 8) });
  }

  /** Closes the socket (if it is not closed yet) and forgets the connection. */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    try {
      this.socket.close(code, reason);
    } catch {
      // Already gone; the close handling below is what matters.
    }
    this.closed();
  }

  /** The socket is gone: unanswered commands end as timed out, the registry lets go. */
  closed(): void {
    if (this.state === 'closed') return;
    const wasRegistered = this.state === 'open';
    this.state = 'closed';
    for (const [commandId, command] of [...this.pending]) command.resolve({ kind: 'timed_out', commandId, why: 'connection_closed' });
    if (wasRegistered) this.host.detach(this);
    this.host.forget(this);
  }

  private send(message: HubMessage): void {
    if (this.state === 'closed') return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch (error) {
      this.host.logger.warn({ sessionId: this.sessionId, error: String(error) }, 'bridge send failed');
    }
  }

  private refuse(reason: RefusalReason, code: string, message: string): void {
    this.host.logger.info({ sessionId: this.sessionId, reason, code }, 'bridge connection refused');
    this.send({ type: 'refused', reason, code, message });
    this.close(CLOSE_CODES.refused, reason);
  }

  private reject(reason: 'malformed' | 'out_of_order' | 'not_active', message: string): void {
    this.send({ type: 'rejected', reason, message });
  }

  private async handle(raw: unknown): Promise<void> {
    if (this.state === 'closed') return;
    const parsed = parseConsoleMessage(raw);
    if (this.state === 'awaiting_hello') {
      if (!parsed.ok || parsed.message.type !== 'hello') {
        this.refuse('malformed', 'PSYNC_BRIDGE_HELLO_EXPECTED', `The first frame must be a valid hello${parsed.ok ? '' : `: ${parsed.error}`}.`);
        return;
      }
      await this.hello(parsed.message);
      return;
    }
    if (!parsed.ok) {
      this.reject('malformed', parsed.error);
      return;
    }
    await this.dispatch(parsed.message);
  }

  private async hello(hello: HelloMessage): Promise<void> {
    if (hello.v !== BRIDGE_PROTOCOL_VERSION) {
      this.refuse('unsupported_version', 'PSYNC_BRIDGE_VERSION', `This hub speaks bridge protocol v${BRIDGE_PROTOCOL_VERSION}; update the console component.`);
      return;
    }
    if (!toPresence(hello.status)) {
      this.refuse('malformed', 'PSYNC_BRIDGE_STATUS_ID', 'The hello carries a status ID that is not a valid Salesforce ID.');
      return;
    }
    this.state = 'verifying';
    const auth = await this.host.authenticate(hello);
    // The socket may have gone while the token was being checked.
    if (this.state !== 'verifying') return;
    if (!auth.ok) {
      this.refuse(auth.reason, auth.code, auth.message);
      return;
    }
    this.identity = auth.identity;
    this.lastSeq = hello.seq;
    this.state = 'open';
    this.host.attach(this);
    const role = this.role ?? 'standby';
    this.send({ type: 'welcome', v: BRIDGE_PROTOCOL_VERSION, sessionId: this.sessionId, role, heartbeatMs: this.host.heartbeatMs });
    if (role === 'standby') this.send({ type: 'standby', reason: 'another_tab_active' });
    else await this.deliverConnected(hello);
  }

  private async dispatch(message: ConsoleMessage): Promise<void> {
    switch (message.type) {
      case 'hello':
        this.reject('out_of_order', 'This connection has already said hello.');
        return;
      case 'ping':
        this.send({ type: 'pong', nonce: message.nonce });
        return;
      case 'pong':
        return;
      case 'command_result':
        this.settle(message);
        return;
      default:
        break;
    }
    if (this.role !== 'active') {
      this.reject('not_active', 'Another tab is the active one for this agent; this tab reports nothing.');
      return;
    }
    if (message.seq <= this.lastSeq) {
      this.reject('out_of_order', `Sequence ${message.seq} is not after ${this.lastSeq}; ignored.`);
      return;
    }
    this.lastSeq = message.seq;
    if (message.type === 'current_status') {
      await this.deliverConnected(message);
      return;
    }
    const who = this.identity;
    if (!who) return;
    const event = message.type === 'status_changed' ? statusChangedEvent(who, message, this.host.now()) : loggedOutEvent(who, message, this.host.now());
    if (event) await this.deliver(event, undefined);
  }

  private async deliverConnected(message: HelloMessage | Extract<ConsoleMessage, { type: 'current_status' }>): Promise<void> {
    const who = this.identity;
    if (!who) return;
    const event = connectedEvent(who, message, this.host.now(), this.sessionId);
    if (!event) {
      this.reject('malformed', 'The status ID is not a valid Salesforce ID.');
      return;
    }
    await this.deliver(event, event.observation.side === 'salesforce' ? event.observation.presence : OFFLINE);
  }

  private async deliver(event: BridgeEvent, connected: SalesforcePresence | undefined): Promise<void> {
    try {
      await this.host.report(this, event, connected);
    } catch (error) {
      // The console reports its current status again when it reconnects; nothing is lost for good.
      this.host.logger.warn({ sessionId: this.sessionId, agentId: event.agentId, error: String(error) }, 'bridge event sink failed; reconnecting the console');
      this.close(CLOSE_CODES.sinkFailed, 'sink failed');
    }
  }

  private settle(message: CommandResultMessage): void {
    const command = this.pending.get(message.commandId);
    if (!command) return;
    if (message.outcome === 'refused') {
      command.resolve({ kind: 'refused', commandId: message.commandId, why: message.why });
      return;
    }
    const presence = toPresence(message.status);
    if (!presence) {
      command.resolve({ kind: 'refused', commandId: message.commandId, why: 'the console reported a status ID that is not valid' });
      return;
    }
    command.resolve({ kind: 'applied', commandId: message.commandId, presence });
  }
}
