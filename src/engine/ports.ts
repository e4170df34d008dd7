/**
 * The ports the sync engine needs beyond the store's (`src/store/ports.ts`, used as they are):
 * the two writers, the console holder and the time. Connectors and the bridge implement them
 * directly or through the small adapters in `adapters.ts`.
 */
import type { AcdState, SalesforcePresence } from '../domain/index.ts';
import type { SetStatusOutcome } from '../bridge/set-status-outcome.ts';
import type { Ingest, Mailbox, AuditLog, SyncStateRepository } from '../store/ports.ts';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface AgentRef {
  readonly tenantId: string;
  readonly agentId: string;
}

/** The parts of the store the engine uses. */
export interface EngineStore {
  readonly ingest: Ingest['ingest'];
  /** A page of changes in one transaction; stores without it get them one by one. */
  readonly ingestAll?: Ingest['ingestAll'];
  readonly mailbox: Pick<Mailbox, 'claim' | 'complete' | 'completeAll' | 'fail' | 'releaseLeases'>;
  readonly syncState: Pick<SyncStateRepository, 'expectEcho' | 'expectEchoes' | 'forgetEcho'>;
  readonly audit: Pick<AuditLog, 'append'>;
}

/** A classified upstream failure as the connectors produce it (`CxoneFailure`, `SalesforceFailure` fit). */
export interface UpstreamFailure {
  readonly kind: 'retryable' | 'rate_limited' | 'auth' | 'not_found' | 'conflict' | 'invalid' | 'permanent';
  readonly code: string;
  readonly message: string;
  readonly retryAfterMs?: number;
}

export interface CxoneWriteRequest extends AgentRef {
  readonly state: AcdState;
  /** The agent is on a contact: the state is to take effect when the contact ends. */
  readonly whenContactEnds: boolean;
  readonly signal: AbortSignal;
}

export type CxoneWriteResult = { readonly ok: true } | { readonly ok: false; readonly failure: UpstreamFailure };

/** Sets an agent's CXone state (`POST /agents/{id}/state`). Adapter: the CXone connector's state writer. */
export interface CxoneStateWriter {
  setState(request: CxoneWriteRequest): Promise<CxoneWriteResult>;
}

export interface SalesforceWriteRequest extends AgentRef {
  readonly presence: SalesforcePresence;
  /** The mailbox row and generation ([A-Za-z0-9_-], at most 64). */
  readonly intentId: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Sends a set-status command to the agent's active console. Adapter: `bridgeStatusWriter` over `BridgeHub`. */
export interface SalesforceStatusWriter {
  sendSetStatus(request: SalesforceWriteRequest): Promise<SetStatusOutcome>;
}

/** Which agents' consoles this instance holds (the bridge's session registry). */
export interface ConsoleHolder {
  heldAgents(): readonly AgentRef[];
  /** Whether this instance holds the agent's console now; without it, `heldAgents()` is asked. */
  holds?(agent: AgentRef): boolean;
}
