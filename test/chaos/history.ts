/**
 * What a chaos run leaves behind, as the checker reads it: every change either platform recorded
 * (the emulators' own logs, which know who made each change), every audit row the hub's API
 * returned, the rule's versions, the faults and when they ran, and the final state of both sides.
 * Plain data, so that a test can write one by hand.
 *
 * State keys: CXone as the hub's domain keys them (`Available`, `Unavailable` for the default
 * Unavailable state, `Unavailable:<code id>`, `LoggedOut`, or a working state such as
 * `InboundContact`); Salesforce `status:<18-character status id, lower case>` or `Offline`.
 */

export type Side = 'cxone' | 'salesforce';

/** One change of one agent's state on one platform, from that platform's own record. */
export interface PlatformChange {
  readonly side: Side;
  /** The hub's agent id (the CXone agent id). */
  readonly agent: string;
  /** Position in its platform's log (per side, increasing). */
  readonly seq: number;
  /** When it happened, by the platform's clock (epoch ms). */
  readonly at: number;
  readonly from: string;
  readonly to: string;
  /** Made by the hub (CXone: an API call; Salesforce: through the Omni-Channel toolkit). */
  readonly byHub: boolean;
  /** Who made it, as the platform says: agent, system, api; OmniManualStatusChange, BrowserClosed, ... */
  readonly cause: string;
}

/** One audit row of the hub's API, reduced to what the checker reads. */
export interface AuditRecord {
  readonly id: string;
  /** The hub instance's clock when it recorded the row. */
  readonly at: number;
  readonly agent: string;
  readonly kind: 'decision' | 'dispatch' | 'admin';
  readonly outcome: string;
  readonly reason: string | null;
  /** Decisions: the observed change. */
  readonly event?: {
    readonly side: Side;
    readonly stateKey: string;
    /** Source time: CXone's time of the change; for console events the receiving hub's clock. */
    readonly at: number;
    readonly origin: string;
  };
  /** Decisions that write: the side and state the hub set out to write. */
  readonly write?: { readonly side: Side; readonly stateKey: string };
  /** Dispatch rows: the intent generation they speak of and the decision that asked for it, when the hub says. */
  readonly dispatch?: { readonly side: Side; readonly stateKey: string; readonly generation?: number; readonly decision?: string; readonly sentAt?: number };
}

/** A version of the rule: what maps to what from `from` on (hub clock). */
export interface RuleVersion {
  readonly version: number;
  readonly from: number;
  /** CXone key → Salesforce key. */
  readonly publisher: Readonly<Record<string, string>>;
  /** Salesforce key → CXone key, or `PREVIOUS`. */
  readonly subscriber: Readonly<Record<string, string>>;
}

export interface FaultRecord {
  readonly kind: string;
  readonly at: number;
  readonly until: number;
  /** What exactly: which instance, agent, path, ... */
  readonly detail: string;
}

/** Both sides of one agent after the run went quiet. */
export interface FinalState {
  readonly agent: string;
  readonly cxone: string;
  /** The state CXone applies when the agent's contact ends, if one is queued. */
  readonly cxoneNext?: string;
  readonly salesforce: string;
  readonly consoleOpen: boolean;
}

export interface History {
  readonly seed: number;
  readonly changes: readonly PlatformChange[];
  readonly audit: readonly AuditRecord[];
  readonly rules: readonly RuleVersion[];
  readonly faults: readonly FaultRecord[];
  /** Hub processes that exited without being told to (and were started again, as a process manager does). */
  readonly crashes?: readonly { readonly instance: string; readonly at: number; readonly exit: string }[];
  readonly final: readonly FinalState[];
  /** When the agents stopped and the last fault had ended. */
  readonly quietFrom: number;
  /** When both sides of every agent agreed from then on (undefined: never, within the wait). */
  readonly convergedAt?: number;
  readonly reconcileIntervalMs: number;
  /** How far apart the clocks of the hub instances and the platforms may be (ms); 0 when all share one. */
  readonly clockToleranceMs: number;
  /** Readable names of state keys (for reports). */
  readonly names?: Readonly<Record<string, string>>;
}
