/**
 * Tenant health and its alerts as the store keeps them: problems (open and cleared), watched
 * conditions, the last evaluation, credential expiry dates, alert channels and their deliveries.
 */

export type HealthSeverity = 'critical' | 'warning';

/** An agent or a rule a problem concerns. */
export interface HealthRef {
  readonly id: string;
  readonly name: string;
}

export interface HealthAffected {
  /** At most {@link HEALTH_AFFECTED_CAP} of each; the counts say how many there are. */
  readonly agents: readonly HealthRef[];
  readonly rules: readonly HealthRef[];
  readonly agentCount: number;
  readonly ruleCount: number;
}

export const HEALTH_AFFECTED_CAP = 100;

/** What one check found in one evaluation. */
export interface HealthFinding {
  /** A stable `PSYNC_HEALTH_...` code. */
  readonly code: string;
  readonly severity: HealthSeverity;
  readonly affected: HealthAffected;
  /** Fill the code's texts (names, counts, the upstream failure's message). */
  readonly params: Readonly<Record<string, string | number>>;
}

export interface HealthProblem extends HealthFinding {
  readonly id: string;
  readonly tenantId: string;
  readonly openedAt: number;
  /** The last evaluation that found it. */
  readonly lastSeenAt: number;
  readonly clearedAt: number | null;
}

export interface HealthTransition {
  readonly kind: 'opened' | 'cleared';
  readonly problem: HealthProblem;
}

export interface HealthApplyOptions {
  readonly now: number;
  /** An open problem not found again is cleared once it was last seen this long ago (flapping stays one problem). */
  readonly clearAfterMs: number;
  readonly instanceId: string;
}

export type CredentialKind = 'jwt_certificate' | 'refresh_token';

export interface CredentialExpiry {
  readonly kind: CredentialKind;
  readonly expiresAt: number;
  readonly detail: Readonly<Record<string, string | number>>;
  readonly updatedAt: number;
}

export interface HealthRepository {
  /**
   * One evaluation's findings, in one transaction: a new finding opens a problem, a finding already
   * open refreshes it, an open problem not found and last seen `clearAfterMs` ago clears. For each
   * transition, a delivery is queued for every enabled alert channel of the tenant that wants its
   * severity. Returns the transitions this call made: of instances applying at once, one sees each.
   */
  apply(tenantId: string, findings: readonly HealthFinding[], options: HealthApplyOptions): Promise<readonly HealthTransition[]>;
  open(tenantId: string): Promise<readonly HealthProblem[]>;
  /** Every tenant's open problems (for the metrics). */
  openEverywhere(): Promise<readonly HealthProblem[]>;
  /** Cleared problems, the most recently cleared first. */
  history(tenantId: string, limit: number): Promise<readonly HealthProblem[]>;
  lastEvaluation(tenantId: string): Promise<{ readonly at: number; readonly instanceId: string } | undefined>;
  /** Since when each subject of a watched condition has been seen. */
  conditions(tenantId: string, code: string): Promise<ReadonlyMap<string, number>>;
  /** The subjects that show the condition now: new ones start at `now`, those still there keep their time, the others go. */
  setConditions(tenantId: string, code: string, subjects: Iterable<string>, now: number): Promise<ReadonlyMap<string, number>>;
  credentials(tenantId: string): Promise<readonly CredentialExpiry[]>;
  setCredential(tenantId: string, credential: Omit<CredentialExpiry, 'updatedAt'> | { readonly kind: CredentialKind; readonly remove: true }): Promise<void>;
  /** Linked agents that CXone shows logged in and whose console no hub instance holds. */
  agentsWithoutConsole(tenantId: string): Promise<readonly string[]>;
  /** Writes given up (dead letters) since `since`: how many, and the newest few. */
  deadLetters(tenantId: string, since: number, limit: number): Promise<{ readonly count: number; readonly recent: readonly { readonly agentId: string; readonly target: string; readonly reason: string | null; readonly at: number }[] }>;
  /** Deletes problems cleared and deliveries made before `olderThan`; returns how many rows. */
  prune(olderThan: number): Promise<number>;
}

// ---------------------------------------------------------------- alerts

export type AlertChannelKind = 'slack' | 'teams' | 'webhook' | 'email';
export type AlertLanguage = 'en' | 'ja';
export type AlertSecretField = 'url' | 'signingSecret' | 'smtpPassword';
export const ALERT_SECRET_FIELDS: readonly AlertSecretField[] = ['url', 'signingSecret', 'smtpPassword'];

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `tls`: TLS from the start (465); `starttls`: upgrade required (587); `none`: plain (a relay on a trusted network). */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly username: string | null;
  readonly from: string;
  readonly to: readonly string[];
}

export interface AlertChannelInput {
  readonly tenantId: string;
  readonly id: string;
  readonly kind: AlertChannelKind;
  readonly name: string;
  readonly enabled: boolean;
  /** `warning`: every problem; `critical`: only the red ones. */
  readonly minSeverity: HealthSeverity;
  readonly language: AlertLanguage;
  /** For e-mail. */
  readonly smtp: SmtpSettings | null;
  /** Scheme and host of the URL, shown instead of it. */
  readonly urlHint: string | null;
}

export interface AlertChannel extends AlertChannelInput {
  readonly secretsSet: Readonly<Record<AlertSecretField, boolean>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type AlertEvent = 'opened' | 'cleared' | 'test';
export type AlertDeliveryStatus = 'pending' | 'sent' | 'failed';

export interface AlertDelivery {
  readonly tenantId: string;
  readonly id: string;
  readonly channelId: string;
  readonly event: AlertEvent;
  readonly problem: HealthProblem;
  readonly status: AlertDeliveryStatus;
  readonly attempts: number;
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  readonly sentAt: number | null;
  readonly lastError: string | null;
}

export interface AlertRepository {
  /** Creates or replaces a channel. `secrets`: a string sets (encrypts) the field, `null` clears it, an absent field keeps what is stored. */
  save(channel: AlertChannelInput, secrets?: Partial<Record<AlertSecretField, string | null>>): Promise<AlertChannel>;
  list(tenantId: string): Promise<readonly AlertChannel[]>;
  get(tenantId: string, id: string): Promise<AlertChannel | undefined>;
  /** Removes the channel and its deliveries. */
  remove(tenantId: string, id: string): Promise<boolean>;
  /** The decrypted secrets, for the senders only: never log or return them. */
  revealSecrets(tenantId: string, id: string): Promise<Partial<Record<AlertSecretField, string>>>;
  /** Pending deliveries due by `now`, of these tenants, oldest first. */
  due(tenantIds: readonly string[], now: number, limit: number): Promise<readonly AlertDelivery[]>;
  /** Marks deliveries sent (one message may carry several). */
  sent(tenantId: string, ids: readonly string[], at: number): Promise<void>;
  /** A failed attempt: tried again at `retryAt`, or given up (`failed`) when it is null. */
  attemptFailed(tenantId: string, ids: readonly string[], error: string, retryAt: number | null): Promise<void>;
  /** Keeps a test alert's outcome in the channel's deliveries (sent, or failed with the error). */
  recordTest(tenantId: string, channelId: string, problem: HealthProblem, outcome: { readonly error: string | null }, at: number): Promise<void>;
  /** Messages sent on the channel since `since` (a digest of several deliveries counts once). */
  messagesSince(tenantId: string, channelId: string, since: number): Promise<number>;
  /** The newest deliveries of the tenant, every channel. */
  recent(tenantId: string, limit: number): Promise<readonly AlertDelivery[]>;
  /** Every stored secret envelope with where it lives (for `rotate-keys`). */
  secretEnvelopes(): Promise<readonly { readonly envelope: string; readonly aad: { readonly tenantId: string; readonly table: string; readonly recordId: string; readonly field: string } }[]>;
  /** Compare-and-swap of one envelope; true when it was replaced. */
  replaceSecretEnvelope(aad: { readonly tenantId: string; readonly table: string; readonly recordId: string; readonly field: string }, expected: string, next: string): Promise<boolean>;
}
