/**
 * The store as the engine, the API and the connectors see it. Every method is per tenant; every
 * time is epoch milliseconds from the store's injected clock unless a parameter says otherwise.
 */
import type {
  AgentContext,
  Decision,
  ExpectedEcho,
  HistoryEntry,
  PresenceEvent,
  PresenceRule,
  Problem,
  PublisherRow,
  SalesforceStatus,
  Side,
  SubscriberRow,
  UnavailableCode,
  WriteIntent,
} from '../domain/index.ts';
import type { AlertRepository, HealthRepository } from './health-ports.ts';

export type * from './health-ports.ts';
export { ALERT_SECRET_FIELDS, HEALTH_AFFECTED_CAP } from './health-ports.ts';

// ---------------------------------------------------------------- secrets

/** Where a secret lives; bound into its envelope so that a value copied elsewhere fails to decrypt. */
export interface SecretAad {
  readonly tenantId: string;
  readonly table: string;
  readonly recordId: string;
  readonly field: string;
}

/** Encrypts secret columns; the store keeps the envelopes opaque. */
export interface SecretCipher {
  encrypt(plain: string, aad: SecretAad): string;
  decrypt(envelope: string, aad: SecretAad): string;
}

// ---------------------------------------------------------------- tenants

export interface FeatureSwitches {
  readonly salesforceAdapter: boolean;
  readonly presenceSync: boolean;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly switches: FeatureSwitches;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface TenantRepository {
  /** Creates the tenant, or renames it when it exists. Both switches start off. */
  upsert(tenant: { readonly id: string; readonly name: string }): Promise<Tenant>;
  get(tenantId: string): Promise<Tenant | undefined>;
  list(): Promise<readonly Tenant[]>;
  /** Removes the tenant and everything it owns (audit rows stay until pruned). */
  remove(tenantId: string): Promise<boolean>;
  /**
   * Changes switches; unnamed ones keep their value. Presence sync cannot be on while the
   * Salesforce adapter is off: PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER. Unknown tenant: PSYNC_TENANT_NOT_FOUND.
   */
  setSwitches(tenantId: string, change: Partial<FeatureSwitches>): Promise<FeatureSwitches>;
}

// ---------------------------------------------------------------- account mappings

export type SalesforcePlatform = 'production' | 'sandbox' | 'hyperforce';
export type SalesforceAuthFlow = 'jwt_bearer' | 'client_credentials' | 'authorization_code' | 'username_password';
export type AccountMappingStatus = 'draft' | 'verified' | 'failed' | 'disabled';

/** The secrets an account mapping may hold; each is encrypted in its own column. */
export type AccountSecretField = 'cxoneAccessKeySecret' | 'cxoneClientSecret' | 'sfClientSecret' | 'sfPrivateKey' | 'sfRefreshToken' | 'sfPassword' | 'bridgeSecret';
export const ACCOUNT_SECRET_FIELDS: readonly AccountSecretField[] = ['cxoneAccessKeySecret', 'cxoneClientSecret', 'sfClientSecret', 'sfPrivateKey', 'sfRefreshToken', 'sfPassword', 'bridgeSecret'];
export type AccountSecrets = Partial<Record<AccountSecretField, string>>;

export interface AccountMappingInput {
  readonly id: string;
  readonly tenantId: string;
  readonly accessKeyUser: string;
  readonly platform: SalesforcePlatform;
  readonly environmentName: string;
  /** 18-character organisation id (normalise with the domain's `parseOrgId` first). */
  readonly orgId: string;
  readonly authFlow: SalesforceAuthFlow;
  readonly loginUrl: string;
  readonly instanceUrl?: string | null;
  readonly sfClientId?: string | null;
  readonly sfUsername?: string | null;
  readonly cxoneAccessKeyId?: string | null;
  /** The registered CXone application (back-end client) whose client id signs the access-key login. */
  readonly cxoneClientId?: string | null;
  /** CXone's OIDC issuer when it is not the commercial cloud's (another cloud, or the emulator). */
  readonly cxoneIssuer?: string | null;
  /** CXone's tenant id; when set, a token for another tenant is refused. */
  readonly cxoneTenantId?: string | null;
  readonly status: AccountMappingStatus;
  readonly statusDetail?: string | null;
}

/** An account mapping as it may be shown: which secrets are set, never their values. */
export interface AccountMapping extends Required<AccountMappingInput> {
  readonly secretsSet: Readonly<Record<AccountSecretField, boolean>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface AccountMappingRepository {
  /**
   * Creates or replaces the mapping. `secrets`: a string sets (encrypts) the field, `null` clears it,
   * an absent field keeps what is stored.
   */
  save(mapping: AccountMappingInput, secrets?: Partial<Record<AccountSecretField, string | null>>): Promise<AccountMapping>;
  get(tenantId: string, id: string): Promise<AccountMapping | undefined>;
  list(tenantId: string): Promise<readonly AccountMapping[]>;
  setStatus(tenantId: string, id: string, status: AccountMappingStatus, detail?: string | null): Promise<void>;
  /**
   * Stores (encrypts) the org's console-bridge secret alone. The mapping's `updatedAt` stays: the
   * connections to CXone and Salesforce did not change, so nothing that uses them starts again.
   */
  setBridgeSecret(tenantId: string, id: string, secret: string): Promise<boolean>;
  remove(tenantId: string, id: string): Promise<boolean>;
  /** The decrypted secrets, for the connectors only: never log or return them. */
  revealSecrets(tenantId: string, id: string): Promise<AccountSecrets>;
  /** Key rotation, all or nothing: passes every stored envelope through `reencrypt` in one transaction; returns how many. */
  reencryptAll(reencrypt: (envelope: string, aad: SecretAad) => string): Promise<number>;
  /** Every stored envelope with where it lives (the rows of `rotateAll` in src/secrets). */
  secretEnvelopes(): Promise<readonly StoredSecret[]>;
  /** Compare-and-swap: replaces the envelope only if the field still holds `expected`; true when it did. */
  replaceSecretEnvelope(aad: SecretAad, expected: string, next: string): Promise<boolean>;
}

export interface StoredSecret {
  readonly envelope: string;
  readonly aad: SecretAad;
}

// ---------------------------------------------------------------- directories (snapshots from the two sides)

/** What a snapshot replace changed, by id. */
export interface ChangeSummary {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
}

export interface AcdUser {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly username: string | null;
  readonly federationId: string | null;
  readonly teamId: string | null;
  readonly active: boolean;
}

export interface AcdTeam {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
}

export interface AcdCode extends UnavailableCode {
  readonly active: boolean;
}

export interface TeamCodeAssignment {
  readonly teamId: string;
  readonly codeId: string;
}

export interface CxoneSnapshot {
  readonly users: readonly AcdUser[];
  readonly teams: readonly AcdTeam[];
  readonly codes: readonly AcdCode[];
  readonly teamCodes: readonly TeamCodeAssignment[];
}

export interface CxoneSnapshotSummary {
  readonly users: ChangeSummary;
  readonly teams: ChangeSummary;
  readonly codes: ChangeSummary;
  /** Ids are `teamId/codeId`. */
  readonly teamCodes: ChangeSummary;
}

export interface CxoneDirectoryRepository {
  /** Replaces the tenant's CXone users, teams, codes and team-code assignments with the snapshot, in one transaction. */
  replaceSnapshot(tenantId: string, snapshot: CxoneSnapshot): Promise<CxoneSnapshotSummary>;
  users(tenantId: string): Promise<readonly AcdUser[]>;
  user(tenantId: string, userId: string): Promise<AcdUser | undefined>;
  teams(tenantId: string): Promise<readonly AcdTeam[]>;
  codes(tenantId: string): Promise<readonly AcdCode[]>;
  /** The unavailable codes assigned to the team. */
  teamCodes(tenantId: string, teamId: string): Promise<readonly UnavailableCode[]>;
}

export interface SalesforceUser {
  readonly id: string;
  readonly username: string;
  readonly email: string | null;
  readonly federationId: string | null;
  readonly name: string;
  readonly profileId: string | null;
  /** Profile.Name; absent when not known (stored before the hub kept it: read the org again). */
  readonly profileName?: string | null;
  readonly permissionSetIds: readonly string[];
  readonly active: boolean;
}

/** "Enabled Service Presence Status Access": a profile or permission set may use a status. */
export interface StatusAccess {
  readonly statusId: string;
  readonly parentId: string;
  readonly parentKind: 'profile' | 'permission_set';
}

export interface SalesforceSnapshot {
  readonly users?: readonly SalesforceUser[];
  readonly statuses?: readonly SalesforceStatus[];
  readonly access?: readonly StatusAccess[];
}

export interface SalesforceSnapshotSummary {
  readonly users?: ChangeSummary;
  readonly statuses?: ChangeSummary;
  /** Ids are `statusId/parentId`. */
  readonly access?: ChangeSummary;
}

export interface SalesforceDirectoryRepository {
  /** Replaces each part given (users, statuses, access) with the snapshot; parts not given stay. */
  replaceSnapshot(tenantId: string, snapshot: SalesforceSnapshot): Promise<SalesforceSnapshotSummary>;
  users(tenantId: string): Promise<readonly SalesforceUser[]>;
  user(tenantId: string, userId: string): Promise<SalesforceUser | undefined>;
  /** Ids as Salesforce gives them (18 characters). */
  statuses(tenantId: string): Promise<readonly SalesforceStatus[]>;
  access(tenantId: string): Promise<readonly StatusAccess[]>;
  /** Status ids (lower-cased) the user's profile and permission sets may use; undefined when not known. */
  allowedStatusIds(tenantId: string, userId: string): Promise<ReadonlySet<string> | undefined>;
}

// ---------------------------------------------------------------- agent links

export type LinkMatch = 'email' | 'username' | 'federation_id' | 'manual';

/** A CXone user ↔ Salesforce user pair. The agent's id everywhere in the sync is the CXone user id. */
export interface AgentLink {
  readonly acdUserId: string;
  readonly sfUserId: string;
  readonly matchedBy: LinkMatch;
}

export interface AgentLinkRepository {
  /** Sets the link; a Salesforce user linked to another CXone user is moved (one link per user on each side). */
  set(tenantId: string, link: AgentLink): Promise<void>;
  remove(tenantId: string, acdUserId: string): Promise<boolean>;
  list(tenantId: string): Promise<readonly AgentLink[]>;
  byAcdUser(tenantId: string, acdUserId: string): Promise<AgentLink | undefined>;
  bySalesforceUser(tenantId: string, sfUserId: string): Promise<AgentLink | undefined>;
}

// ---------------------------------------------------------------- presence rules

export interface PresenceRuleInput {
  readonly id: string;
  readonly name: string;
  readonly skipUnavailableCodeValidation: boolean;
  readonly publisher: readonly PublisherRow[];
  readonly subscriber: readonly SubscriberRow[];
}

export interface PresenceRuleRepository {
  /**
   * Creates (version 1) or replaces the rule (version + 1). With `expectedVersion`, a rule saved by
   * someone else meanwhile is refused: PSYNC_RULE_VERSION_CONFLICT. Assignments are kept.
   * Validation (domain `validateRule`) is the caller's. With `audit`, its entry (made from the rule
   * as saved) is written in the same transaction: both or neither.
   */
  save(tenantId: string, rule: PresenceRuleInput, expectedVersion?: number, audit?: (saved: PresenceRule) => AuditEntryInput): Promise<PresenceRule>;
  get(tenantId: string, ruleId: string): Promise<PresenceRule | undefined>;
  list(tenantId: string): Promise<readonly PresenceRule[]>;
  remove(tenantId: string, ruleId: string): Promise<boolean>;
  /**
   * Replaces the rule's assignments and bumps its version. A team or user already assigned to another
   * rule is refused with PSYNC_RULE_ASSIGNMENT_TAKEN (naming them) unless `takeOver` is set.
   */
  assign(tenantId: string, ruleId: string, assignments: { readonly teamIds: readonly string[]; readonly userIds: readonly string[] }, options?: { readonly takeOver?: boolean }): Promise<PresenceRule>;
  /** Rules assigned to the user or to the team (input to the domain's `resolveRule`). */
  forAgent(tenantId: string, userId: string, teamId: string | null): Promise<readonly PresenceRule[]>;
}

// ---------------------------------------------------------------- sync state

export interface SyncStateRepository {
  observed(tenantId: string, agentId: string): Promise<AgentContext['observed']>;
  history(tenantId: string, agentId: string): Promise<readonly HistoryEntry[]>;
  /** Records what a writer is about to apply, so that its echo decides nothing. */
  expectEcho(tenantId: string, agentId: string, echo: ExpectedEcho): Promise<void>;
  /** `expectEcho` for several writes at once, in one transaction (a dispatcher's claim). */
  expectEchoes(entries: readonly { readonly tenantId: string; readonly agentId: string; readonly echo: ExpectedEcho }[]): Promise<void>;
  /**
   * Drops an expected echo of a write that certainly did not happen (refused, rate limited), so that
   * nothing takes CXone or the console as heading for its state. Only the echo of that command goes.
   */
  forgetEcho(tenantId: string, agentId: string, echo: Pick<ExpectedEcho, 'side' | 'stateKey' | 'commandId'>): Promise<void>;
  /** Echoes not yet expired. */
  expectedEchoes(tenantId: string, agentId: string): Promise<readonly ExpectedEcho[]>;
  checkpoint(tenantId: string, source: string): Promise<string | undefined>;
  setCheckpoint(tenantId: string, source: string, position: string): Promise<void>;
}

// ---------------------------------------------------------------- mailbox

export type IntentStatus = 'pending' | 'completed' | 'superseded' | 'dead';

export interface IntentKey {
  readonly tenantId: string;
  readonly agentId: string;
  readonly target: Side;
}

export interface Intent extends IntentKey {
  readonly desired: WriteIntent;
  readonly sourceEvent: string | null;
  readonly sourceAt: number;
  readonly generation: number;
  readonly appliedGeneration: number;
  readonly status: IntentStatus;
  readonly statusReason: string | null;
  readonly attempts: number;
  readonly runAfter: number;
  readonly leaseOwner: string | null;
  readonly leaseUntil: number | null;
  readonly serveKey: string | null;
  readonly lastError: string | null;
}

/** An intent held under a lease. Pass it back unchanged to complete or fail it. */
export interface ClaimedIntent extends Intent {
  readonly leaseOwner: string;
  readonly leaseToken: string;
  readonly leaseUntil: number;
}

export interface IntentUpsert extends IntentKey {
  readonly desired: WriteIntent;
  readonly sourceAt: number;
  readonly sourceEvent?: string | null;
  /** Which instance may serve it (e.g. the holder of the agent's console-bridge socket); null: any. */
  readonly serveKey?: string | null;
  /**
   * Decided inside the agent's serialised ingest from the newest observations of both sides: it
   * replaces whatever the row holds, even a newer source time (an initial sync re-deriving an older
   * CXone state after a reconciliation, say). Without it, only a newer source time replaces.
   */
  readonly decidedInOrder?: boolean;
  /** The caller read, in this transaction, that the row holds this very state pending: keep its generation. */
  readonly samePending?: boolean;
}

/**
 * `kept_newer`: the mailbox already holds a newer (or equally new) intent; nothing changed.
 * `unchanged`: it already holds this very write, pending or in flight: no second write is made
 * (a Salesforce one becomes due at once, its console having just asked for it).
 */
export type UpsertOutcome = { readonly outcome: 'inserted' | 'replaced' | 'unchanged'; readonly generation: number } | { readonly outcome: 'kept_newer'; readonly generation: number };

export interface ClaimOptions {
  /** Who claims: an instance id. Leases it holds are released by `releaseLeases(owner)`. */
  readonly owner: string;
  readonly limit: number;
  readonly leaseMs: number;
  readonly tenantId?: string;
  readonly target?: Side;
  /** Only these agents (with `tenantId`, of that tenant). */
  readonly agentIds?: readonly string[];
  /** Only intents whose serve key is one of these. */
  readonly serveKeys?: readonly string[];
  /**
   * The echo each claimed write will cause, recorded in the claim's own transaction (before any of
   * the writes goes out). On PostgreSQL an intent whose agent is being ingested at that moment is
   * left for the next claim instead.
   */
  readonly expectEcho?: (intent: ClaimedIntent) => ExpectedEcho;
}

export type FailureKind = 'retryable' | 'rate_limited' | 'auth' | 'not_found' | 'conflict' | 'invalid' | 'permanent';

export interface IntentFailure {
  readonly kind: FailureKind;
  /** What went wrong, for the operator (no secrets). */
  readonly message: string;
  /** Honoured as the least delay before the next attempt. */
  readonly retryAfterMs?: number;
}

/** `lost_lease`: the lease expired and someone else holds or finished the intent: nothing was changed. */
export type CompleteOutcome = 'completed' | 'newer_pending' | 'superseded' | 'lost_lease';
export type FailOutcome = { readonly outcome: 'retry'; readonly runAfter: number; readonly attempts: number } | { readonly outcome: 'dead'; readonly reason: string } | { readonly outcome: 'newer_pending' | 'superseded' | 'lost_lease' };

export interface RetryPolicy {
  /** Attempts before an intent goes dead (default 8). */
  readonly maxAttempts: number;
  /** First backoff (default 1 s); doubles each attempt. */
  readonly baseDelayMs: number;
  /** Cap of the backoff (default 5 min). */
  readonly maxDelayMs: number;
}

export interface Mailbox {
  upsert(intent: IntentUpsert): Promise<UpsertOutcome>;
  claim(options: ClaimOptions): Promise<readonly ClaimedIntent[]>;
  /** Fenced by lease owner, token and generation: a stale worker changes nothing. */
  complete(claim: ClaimedIntent): Promise<CompleteOutcome>;
  /** `complete` for each claim, in one transaction; the outcomes in the same order. */
  completeAll(claims: readonly ClaimedIntent[]): Promise<readonly CompleteOutcome[]>;
  fail(claim: ClaimedIntent, failure: IntentFailure): Promise<FailOutcome>;
  /** Marks a pending intent superseded (only when older than `olderThan` source time, if given). */
  supersede(key: IntentKey, reason: string, olderThan?: number): Promise<boolean>;
  /** Lets go of every lease the owner holds (shutdown); returns how many. */
  releaseLeases(owner: string): Promise<number>;
  /** Routes the agent's pending intents to another serve key (e.g. its bridge socket moved). */
  setServeKey(key: IntentKey, serveKey: string | null): Promise<boolean>;
  get(key: IntentKey): Promise<Intent | undefined>;
  list(tenantId: string, filter?: { readonly status?: IntentStatus; readonly agentId?: string }): Promise<readonly Intent[]>;
}

// ---------------------------------------------------------------- audit

export type AuditKind = 'decision' | 'dispatch' | 'admin';

export interface AuditEntryInput {
  readonly tenantId: string;
  readonly agentId?: string | null;
  readonly kind: AuditKind;
  /** For decisions the DecisionOutcome; for dispatch e.g. applied/failed/dead; for admin the action. */
  readonly outcome: string;
  readonly reason?: string | null;
  readonly explanation: string;
  readonly rule?: { readonly id: string; readonly version: number } | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditEntryInput {
  readonly id: string;
  readonly at: number;
  readonly agentId: string | null;
  readonly reason: string | null;
  readonly rule: { readonly id: string; readonly version: number } | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditQuery {
  readonly tenantId: string;
  readonly agentId?: string;
  /** Inclusive lower bound of `at`. */
  readonly from?: number;
  /** Exclusive upper bound of `at`. */
  readonly to?: number;
  readonly outcomes?: readonly string[];
  readonly kind?: AuditKind;
  /** Default 50, at most 500. */
  readonly limit?: number;
  /** From the previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** Present when there may be more. */
  readonly nextCursor?: string;
}

export interface AuditLog {
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  query(query: AuditQuery): Promise<AuditPage>;
  /**
   * Deletes entries older than `retentionMs` (default 30 days) in batches of `batchSize` (default 500),
   * each its own short transaction, yielding between batches so that ingest is never held up.
   */
  prune(options?: { readonly retentionMs?: number; readonly batchSize?: number; readonly maxBatches?: number }): Promise<number>;
}

// ---------------------------------------------------------------- ingest

/** What the store reads about an agent inside the ingest transaction; the engine turns it into an AgentContext. */
export interface AgentFacts {
  readonly tenantId: string;
  readonly agentId: string;
  readonly now: number;
  readonly switches: FeatureSwitches;
  readonly acdUser: AcdUser | undefined;
  readonly link: AgentLink | undefined;
  readonly sfUser: SalesforceUser | undefined;
  /** Rules assigned to the agent's user or team (resolve with the domain's `resolveRule`). */
  readonly rules: readonly PresenceRule[];
  readonly teamCodes: ReadonlyMap<string, UnavailableCode>;
  readonly statuses: ReadonlyMap<string, SalesforceStatus>;
  readonly allowedStatusIds: ReadonlySet<string> | undefined;
  readonly observed: AgentContext['observed'];
  readonly history: readonly HistoryEntry[];
  readonly expectedEchoes: readonly ExpectedEcho[];
  readonly pending: AgentContext['pending'];
  readonly pendingStateKeys?: AgentContext['pendingStateKeys'];
}

export interface IngestRequest {
  readonly tenantId: string;
  /** `event.agentId` is the CXone user id (see AgentLink). */
  readonly event: PresenceEvent;
  /** The source's idempotency key (CXone: agent+time+state; Salesforce: event id). */
  readonly dedup: { readonly source: string; readonly key: string };
  readonly buildContext: (facts: AgentFacts) => AgentContext;
  readonly decide: (event: PresenceEvent, ctx: AgentContext) => Decision;
  /** Advanced in the same transaction. */
  readonly checkpoint?: { readonly source: string; readonly position: string };
  /** Serve key of the intent a write creates. */
  readonly serveKey?: (write: WriteIntent) => string | null;
  /** When the source handed the event over (for the audit's latency); default now. */
  readonly receivedAt?: number;
}

export type IngestResult =
  | { readonly status: 'duplicate' }
  | {
      readonly status: 'applied';
      readonly decision: Decision;
      readonly auditId: string;
      readonly intent?: { readonly target: Side; readonly upsert: UpsertOutcome };
      readonly superseded?: Side;
    };

export interface Ingest {
  /**
   * All or nothing (see docs/storage.md). Changes that arrive while another transaction commits (or
   * within the configured wait) share the next one (group commit); each gets its own result.
   */
  ingest(request: IngestRequest): Promise<IngestResult>;
  /**
   * Several changes (a poll's page) in one transaction, all or nothing, each agent's in the order
   * given; the results in the same order. The checkpoint of the last change that carries one is
   * written last.
   */
  ingestAll(requests: readonly IngestRequest[]): Promise<readonly IngestResult[]>;
  /** Deletes dedup keys received before `olderThan`, in batches; returns how many. */
  pruneDedupKeys(olderThan: number, batchSize?: number): Promise<number>;
}

// ---------------------------------------------------------------- leases

/** Named leases with one holder at a time, e.g. `poller:<tenant>` among several hub instances. */
export interface LeaseRepository {
  /** Takes the lease if it is free or expired, or renews it if `owner` holds it; true when `owner` holds it now. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
  /** Who holds the lease now, if anyone. */
  holder(name: string): Promise<string | undefined>;
}

/** Each Salesforce user's failing M1.2 prerequisites from the tenant's last org check. */
export interface PrerequisiteProblemRepository {
  /** Replaces the tenant's record with this check's (users with no problem are not kept). */
  replace(tenantId: string, problems: ReadonlyMap<string, readonly Problem[]>): Promise<void>;
  /** By lower-cased Salesforce user id. */
  of(tenantId: string): Promise<ReadonlyMap<string, readonly Problem[]>>;
}

/** A console whose instance is gone (or restarted) and that has not connected again since `since`. */
export interface OrphanedConsole {
  readonly tenantId: string;
  readonly agentId: string;
  readonly instanceId: string;
  readonly since: number;
}

export interface ConsoleSessionRepository {
  /** The agent's console is connected to this instance now (a console that reconnects elsewhere moves). */
  opened(tenantId: string, agentId: string, instanceId: string): Promise<void>;
  /**
   * The instance's grace period for the console ended. True when the console counts as closed;
   * false when it has since connected to another instance, which holds it now.
   */
  closed(tenantId: string, agentId: string, instanceId: string): Promise<boolean>;
  /**
   * Consoles nobody holds: this instance's from before `startedBefore` (it restarted), and other
   * instances' whose liveness lease (`instance:<id>`) lapsed before `lapsedBefore` or is gone.
   */
  orphaned(instanceId: string, startedBefore: number, lapsedBefore: number): Promise<readonly OrphanedConsole[]>;
  /** Drops an orphaned console's record unless it connected again meanwhile; true when dropped. */
  forget(console: OrphanedConsole): Promise<boolean>;
}

/** The bridge tokens already used, shared by every hub instance and kept across restarts. */
export interface BridgeTokenUseRepository {
  /** True when `key` is new (and is now remembered until `expiresAtMs`); false when it was used before and has not expired. */
  remember(key: string, expiresAtMs: number): Promise<boolean>;
  /** Forgets the records that expired before `before`; answers how many. */
  prune(before: number): Promise<number>;
}

// ---------------------------------------------------------------- the store

export interface Store extends Ingest {
  readonly dialect: 'sqlite' | 'postgres';
  readonly tenants: TenantRepository;
  readonly accountMappings: AccountMappingRepository;
  readonly cxone: CxoneDirectoryRepository;
  readonly salesforce: SalesforceDirectoryRepository;
  readonly links: AgentLinkRepository;
  readonly rules: PresenceRuleRepository;
  readonly syncState: SyncStateRepository;
  readonly mailbox: Mailbox;
  readonly audit: AuditLog;
  readonly leases: LeaseRepository;
  readonly consoleSessions: ConsoleSessionRepository;
  readonly bridgeTokens: BridgeTokenUseRepository;
  readonly prerequisites: PrerequisiteProblemRepository;
  readonly health: HealthRepository;
  readonly alerts: AlertRepository;
  close(): Promise<void>;
}
