import type { PresenceRule } from '../domain/index.ts';
import type { CredentialExpiry, HealthAffected, HealthFinding, HealthRef } from '../store/index.ts';
import { HEALTH_AFFECTED_CAP } from '../store/index.ts';
import { HEALTH_CHECKS, type HealthCode } from './catalogue.ts';
import type { TenantSignals } from './signals.ts';

/** Everything the checks look at for one tenant, read at one moment. */
export interface TenantHealthFacts {
  readonly tenantId: string;
  readonly now: number;
  /** Both switches on. */
  readonly syncOn: boolean;
  /** Whether the account mapping in use has what each side needs to connect. */
  readonly connection: { readonly cxone: boolean; readonly salesforce: boolean };
  readonly signals: TenantSignals;
  readonly rules: readonly PresenceRule[];
  /** Lower-cased ids of the org's presence statuses; empty until the org has been read. */
  readonly statusIds: ReadonlySet<string>;
  /** The tenant's unavailable codes by id; empty until "Get CXone users" ran. */
  readonly codes: ReadonlyMap<string, { readonly name: string; readonly active: boolean }>;
  /** CXone user id → "First Last". */
  readonly agentNames: ReadonlyMap<string, string>;
  /** Linked agents whose Salesforce user fails a prerequisite. */
  readonly failingPrerequisites: readonly string[];
  /** Since when each logged-in agent has been without a connected console. */
  readonly withoutConsoleSince: ReadonlyMap<string, number>;
  /** Since when reconciliation has found each agent out of sync. */
  readonly divergedSince: ReadonlyMap<string, number>;
  readonly deadLetters: { readonly count: number; readonly recent: readonly { readonly agentId: string; readonly reason: string | null; readonly at: number }[] };
  readonly credentials: readonly CredentialExpiry[];
}

export interface HealthThresholds {
  readonly cxonePollIntervalMs: number;
  /** CXone feed lag that opens a problem, in poll intervals. */
  readonly feedLagIntervals: number;
  readonly consoleMissingMs: number;
  readonly divergenceMs: number;
  readonly expiryWarningDays: number;
}

export type Check = (facts: TenantHealthFacts, thresholds: HealthThresholds) => HealthFinding | undefined;

/** A finding of the code's severity; affected lists capped, counts exact. */
export function finding(code: HealthCode, params: Record<string, string | number>, affected: { agents?: readonly HealthRef[]; rules?: readonly HealthRef[] } = {}): HealthFinding {
  const agents = affected.agents ?? [];
  const rules = affected.rules ?? [];
  const capped: HealthAffected = { agents: agents.slice(0, HEALTH_AFFECTED_CAP), rules: rules.slice(0, HEALTH_AFFECTED_CAP), agentCount: agents.length, ruleCount: rules.length };
  return { code, severity: HEALTH_CHECKS[code].severity, affected: capped, params };
}

export const agentRefs = (facts: TenantHealthFacts, ids: Iterable<string>): HealthRef[] =>
  [...ids].sort().map((id) => ({ id, name: facts.agentNames.get(id) ?? id }));

/** A time as administrators read it in a message: `2026-12-04 15:30 UTC`. */
export const shownTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
