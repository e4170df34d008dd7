/**
 * The narrow ports the sync engine talks to. The store, the CXone connector and the console
 * bridge implement them (directly or through a small adapter); the engine knows nothing else.
 */
import type {
  AcdState,
  AgentContext,
  Decision,
  ExpectedEcho,
  HistoryEntry,
  Observed,
  PresenceEvent,
  PresenceRule,
  Problem,
  SalesforcePresence,
  SalesforceStatus,
  Side,
  UnavailableCode,
  WriteIntent,
} from '../domain/index.ts';
import type { SetStatusOutcome } from '../bridge/set-status-outcome.ts';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface AgentRef {
  readonly tenantId: string;
  readonly agentId: string;
}

/** What the store reads for one agent inside the ingest transaction; the context builder turns it into an `AgentContext`. */
export interface AgentSnapshot {
  readonly tenantId: string;
  readonly agentId: string;
  /** Hub clock at ingest (epoch ms). */
  readonly now: number;
  readonly switches: { readonly salesforceAdapter: boolean; readonly presenceSync: boolean };
  /** The agent's link to a Salesforce user; undefined when the agent is not linked. */
  readonly link: { readonly sfUserId: string } | undefined;
  /** Failing prerequisites of the linked Salesforce user (M1.2: permission set, licence, ...). */
  readonly prerequisiteProblems: readonly Problem[];
  /** The agent's CXone team, or null when the agent has none. */
  readonly teamId: string | null;
  /** Unavailable codes assigned to that team. */
  readonly teamCodes: readonly UnavailableCode[];
  /** Every presence rule of the tenant, with its assignments (the builder resolves the agent's). */
  readonly rules: readonly PresenceRule[];
  readonly statuses: readonly SalesforceStatus[];
  /** Status ids the agent's profile and permission sets may use; undefined when not known. */
  readonly allowedStatusIds: readonly string[] | undefined;
  readonly observed: { readonly cxone?: Observed<AcdState>; readonly salesforce?: Observed<SalesforcePresence> };
  readonly history: readonly HistoryEntry[];
  readonly expectedEchoes: readonly ExpectedEcho[];
  /** Source time of the pending (not applied, not dead) intent towards each side. */
  readonly pending: { readonly cxone?: number; readonly salesforce?: number };
}

export type BuildContext = (snapshot: AgentSnapshot, event: PresenceEvent) => AgentContext;
export type Decide = (event: PresenceEvent, ctx: AgentContext) => Decision;

export interface IngestRequest {
  readonly tenantId: string;
  /** The source's name for dedup and checkpoints (`cxone_feed:<tenant>`, `bridge`, `reconcile`, ...). */
  readonly source: string;
  readonly dedupKey: string;
  readonly event: PresenceEvent;
  /** Advanced in the same transaction (CXone lastPollTime, replay id, ...). */
  readonly checkpoint?: { readonly source: string; readonly position: string };
}

export type IngestResult =
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'decided'; readonly decision: Decision; readonly intent?: { readonly side: Side; readonly generation: number } };

/**
 * The store's ONE ingest transaction (architecture §2.4): dedup, snapshot, `buildContext`,
 * `decide`, observed state (only if newer), history, echo removal, intent upsert (only if newer),
 * supersede, audit row of the decision, checkpoint. Adapter: `src/store` ingest.
 */
export interface IngestPort {
  ingest(request: IngestRequest, decide: Decide, buildContext: BuildContext): Promise<IngestResult>;
}

/** A mailbox row claimed under a lease. */
export interface ClaimedIntent {
  readonly tenantId: string;
  readonly agentId: string;
  readonly side: Side;
  /** Stable id of the mailbox row ([A-Za-z0-9_-], at most 48 characters). */
  readonly intentId: string;
  readonly write: WriteIntent;
  readonly generation: number;
  /** Source time of the change the intent serves. */
  readonly sourceAt: number;
  /** Hub time the intent (this generation) was written; for hub-added latency. */
  readonly enqueuedAt: number;
  /** Attempts already made for this generation. */
  readonly attempts: number;
  readonly leaseOwner: string;
  readonly leaseUntil: number;
}

/** Identifies a claimed generation; every mailbox update after the claim is fenced by it. */
export interface Fence {
  readonly tenantId: string;
  readonly agentId: string;
  readonly side: Side;
  readonly owner: string;
  readonly generation: number;
}

export interface ClaimRequest {
  readonly owner: string;
  readonly now: number;
  readonly leaseMs: number;
  readonly limit: number;
  /** Salesforce intents are claimed only for these agents (the consoles this instance holds). */
  readonly salesforceAgents: readonly AgentRef[];
}

export interface FailureRecord {
  readonly code: string;
  readonly message: string;
}

/** The mailbox `sync_intent`. Every update returns false when the fence no longer holds (lease lost or newer generation). */
export interface MailboxPort {
  claim(request: ClaimRequest): Promise<readonly ClaimedIntent[]>;
  complete(fence: Fence, now: number): Promise<boolean>;
  /** Counts an attempt, releases the lease and makes the row due again at `runAfter`. */
  fail(fence: Fence, runAfter: number, failure: FailureRecord): Promise<boolean>;
  /** Releases the lease without counting an attempt (shutdown, aborted write). */
  release(fence: Fence, now: number): Promise<boolean>;
  /** Marks the generation dead with the reason (a newer generation revives the row). */
  dead(fence: Fence, failure: FailureRecord, now: number): Promise<boolean>;
}

/** `expected_echo`: written before every write. */
export interface EchoPort {
  expect(agent: AgentRef, echo: ExpectedEcho): Promise<void>;
}

export type DispatchAuditKind = 'applied' | 'dead_letter';

export interface DispatchAuditEntry extends AgentRef {
  readonly kind: DispatchAuditKind;
  readonly side: Side;
  readonly generation: number;
  readonly stateKey: string;
  readonly at: number;
  readonly attempts: number;
  readonly failure?: FailureRecord;
}

/** The audit log, for what the dispatcher does (decisions are audited by the ingest transaction). */
export interface DispatchAuditPort {
  record(entry: DispatchAuditEntry): Promise<void>;
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

/** Sets an agent's CXone state. Adapter: the CXone connector's state writer (`CxoneResult<void>` fits). */
export interface CxoneStateWriter {
  setState(request: CxoneWriteRequest): Promise<{ readonly ok: true } | { readonly ok: false; readonly failure: UpstreamFailure }>;
}

export interface SalesforceWriteRequest extends AgentRef {
  readonly presence: SalesforcePresence;
  readonly commandId: string;
  readonly intentId: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Sends a set-status command to the agent's active console. Adapter: the bridge registry → `BridgeConnection.sendSetStatus`. */
export interface SalesforceStatusWriter {
  sendSetStatus(request: SalesforceWriteRequest): Promise<SetStatusOutcome>;
}

/** Which agents' consoles this instance holds (the bridge registry). */
export interface ConsoleHolder {
  heldAgents(): readonly AgentRef[];
}

/** What the reconciliation pass reads: every synced agent of a tenant, as the ingest snapshot would show it. */
export interface ReconcileReader {
  tenants(): Promise<readonly string[]>;
  snapshots(tenantId: string, now: number): Promise<readonly AgentSnapshot[]>;
}
