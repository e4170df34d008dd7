/**
 * The console bridge protocol, version 1 (docs/bridge-protocol.md), as zod schemas shared by the hub
 * (`src/bridge/`) and the component in the agent's console. Browser-safe: no Node APIs.
 */
// A namespace import lets esbuild leave zod's locales out of the browser bundle (90 KB instead of 460 KB).
import * as z from 'zod';

export const BRIDGE_PROTOCOL_VERSION = 1;

/** A Salesforce record ID as the toolkit gives it: 15 or 18 letters and digits. */
const salesforceId = z.string().regex(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/);
const shortText = z.string().min(1).max(255);
const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const sequence = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const epochMs = z.number().int().nonnegative().max(8_640_000_000_000_000);

/** The reasons `lightning:omniChannelStatusChanged` gives; the first three matter most to the hub. */
export const KNOWN_STATUS_CHANGE_REASONS = [
  'OmniManualStatusChange',
  'OmniToolkitStatusChange',
  'OmniSupervisorStatusChange',
  'OmniLoginStatusChange',
  'OmniPushTimeout',
  'OmniDeclineWork',
] as const;
/** Known reasons, and any future one Salesforce may add (forwarded as it came). */
export const StatusChangeReason = z.string().regex(/^[A-Za-z]{1,64}$/);

/** The reasons `lightning:omniChannelLogout` gives, or none when the agent logged out. */
export const LogoutReason = z.string().regex(/^[A-Za-z]{1,64}$/);

/** What the agent's Omni-Channel shows: a status, or offline (logged out of Omni-Channel). */
export const ConsolePresence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), statusId: salesforceId, developerName: shortText.optional() }),
  z.object({ kind: z.literal('offline') }),
]);
export type ConsolePresence = z.infer<typeof ConsolePresence>;

/** What a command asks the console to show. */
export const CommandTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), statusId: salesforceId }),
  z.object({ kind: z.literal('offline') }),
]);
export type CommandTarget = z.infer<typeof CommandTarget>;

export const CAPABILITIES = ['set_status', 'logout', 'status_reasons'] as const;

// ---- console → hub -------------------------------------------------------------------------

export const HelloMessage = z.object({
  type: z.literal('hello'),
  v: z.number().int().positive().max(1000),
  token: z.string().min(1).max(4096),
  tabId: identifier,
  /** The tab's sequence counter so far; later messages carry higher numbers. */
  seq: sequence,
  status: ConsolePresence,
  capabilities: z.array(identifier).max(32),
});

/** Sent by a tab that has just become the agent's active one (after `active`): what it shows now. */
export const CurrentStatusMessage = z.object({
  type: z.literal('current_status'),
  seq: sequence,
  status: ConsolePresence,
  at: epochMs,
});

export const StatusChangedMessage = z.object({
  type: z.literal('status_changed'),
  seq: sequence,
  statusId: salesforceId,
  developerName: shortText.optional(),
  reason: StatusChangeReason,
  at: epochMs,
  /** Set when the change was made by applying the hub's command. */
  commandId: identifier.optional(),
});

export const LoggedOutMessage = z.object({
  type: z.literal('logged_out'),
  seq: sequence,
  reason: LogoutReason.optional(),
  at: epochMs,
  commandId: identifier.optional(),
});

export const CommandResultMessage = z.discriminatedUnion('outcome', [
  z.object({ type: z.literal('command_result'), commandId: identifier, outcome: z.literal('applied'), status: ConsolePresence }),
  z.object({ type: z.literal('command_result'), commandId: identifier, outcome: z.literal('refused'), why: z.string().min(1).max(1000) }),
]);

export const PingMessage = z.object({ type: z.literal('ping'), nonce: identifier });
export const PongMessage = z.object({ type: z.literal('pong'), nonce: identifier });

export const ConsoleMessage = z.union([
  HelloMessage,
  CurrentStatusMessage,
  StatusChangedMessage,
  LoggedOutMessage,
  CommandResultMessage,
  PingMessage,
  PongMessage,
]);
export type HelloMessage = z.infer<typeof HelloMessage>;
export type CurrentStatusMessage = z.infer<typeof CurrentStatusMessage>;
export type StatusChangedMessage = z.infer<typeof StatusChangedMessage>;
export type LoggedOutMessage = z.infer<typeof LoggedOutMessage>;
export type CommandResultMessage = z.infer<typeof CommandResultMessage>;
export type ConsoleMessage = z.infer<typeof ConsoleMessage>;

// ---- hub → console -------------------------------------------------------------------------

export const REFUSAL_REASONS = [
  'malformed',
  'unsupported_version',
  'bad_signature',
  'unknown_org',
  'expired',
  'replayed',
  'unknown_user',
  'hello_timeout',
] as const;
export const RefusalReason = z.enum(REFUSAL_REASONS);
export type RefusalReason = z.infer<typeof RefusalReason>;

/** Whether a console may try again after a refusal (with a fresh token) or should wait long. */
export const RETRYABLE_REFUSALS: ReadonlySet<RefusalReason> = new Set(['expired', 'replayed', 'hello_timeout']);

export const WelcomeMessage = z.object({
  type: z.literal('welcome'),
  v: z.number().int().positive(),
  sessionId: identifier,
  role: z.enum(['active', 'standby']),
  heartbeatMs: z.number().int().positive().max(3_600_000),
});

/** The connection is refused; the hub closes it right after. */
export const RefusedMessage = z.object({
  type: z.literal('refused'),
  reason: RefusalReason,
  code: z.string().max(64),
  message: z.string().max(1000),
});

/** One frame was not understood and was ignored; the connection stays up. */
export const RejectedMessage = z.object({
  type: z.literal('rejected'),
  reason: z.enum(['malformed', 'out_of_order', 'not_active']),
  message: z.string().max(1000),
});

export const SetStatusMessage = z.object({
  type: z.literal('set_status'),
  commandId: identifier,
  intentId: identifier,
  target: CommandTarget,
});

/** Another tab of this agent is the active one; this tab applies nothing and reports nothing. */
export const StandbyMessage = z.object({ type: z.literal('standby'), reason: z.literal('another_tab_active') });

/** This tab is now the agent's active one; it answers with `current_status`. */
export const ActiveMessage = z.object({ type: z.literal('active') });

export const HubMessage = z.union([
  WelcomeMessage,
  RefusedMessage,
  RejectedMessage,
  SetStatusMessage,
  StandbyMessage,
  ActiveMessage,
  PingMessage,
  PongMessage,
]);
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;
export type RefusedMessage = z.infer<typeof RefusedMessage>;
export type RejectedMessage = z.infer<typeof RejectedMessage>;
export type SetStatusMessage = z.infer<typeof SetStatusMessage>;
export type HubMessage = z.infer<typeof HubMessage>;

/** WebSocket close codes the hub uses (4000–4999 are for applications). */
export const CLOSE_CODES = {
  refused: 4401,
  heartbeatLost: 4408,
  replaced: 4409,
  sinkFailed: 4500,
  shutdown: 1001,
} as const;

/** Frames larger than this are refused unread. */
export const MAX_FRAME_BYTES = 16 * 1024;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  if (typeof raw !== 'string') return { ok: false, error: 'frames must be JSON text' };
  if (raw.length > MAX_FRAME_BYTES) return { ok: false, error: `frame longer than ${MAX_FRAME_BYTES} characters` };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error).slice(0, 500) };
  return { ok: true, message: result.data };
}

export const parseConsoleMessage = (raw: unknown): Parsed<ConsoleMessage> => parseWith(ConsoleMessage, raw);
export const parseHubMessage = (raw: unknown): Parsed<HubMessage> => parseWith(HubMessage, raw);

/** Two Salesforce IDs name the same record when their 15-character case-sensitive forms agree. */
export const sameSalesforceRecord = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

// ---- the connection token ------------------------------------------------------------------

/**
 * The claims of a bridge token: `base64url(JSON claims) + "." + base64url(HMAC-SHA256(secret, first part))`,
 * the key being the UTF-8 bytes of the org's bridge secret. Minted by Apex for the current user.
 */
export const BridgeTokenClaims = z.object({
  v: z.literal(1),
  org: salesforceId,
  user: salesforceId,
  /** Expiry, epoch seconds. */
  exp: z.number().int().positive(),
  /** Unique per token: a token is accepted once. */
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export type BridgeTokenClaims = z.infer<typeof BridgeTokenClaims>;
