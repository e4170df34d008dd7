/**
 * An in-memory stand-in for the store's ingest, mailbox, echo and audit ports, with the semantics
 * of `src/store` (architecture.md §2.4), for the engine's unit and model-based tests.
 */
import { type ExpectedEcho, type HistoryEntry, type Observed, type AcdState, type SalesforcePresence, type Side, type WriteIntent } from '../../domain/index.ts';
import type { AgentFacts, AgentLink, AuditEntry, FeatureSwitches, Tenant, AuditEntryInput, ClaimedIntent, ClaimOptions, CompleteOutcome, FailOutcome, Intent, IntentFailure, IngestRequest, IngestResult, UpsertOutcome } from '../../store/ports.ts';
import { acknowledgement } from '../../store/mailbox.ts';
import type { EngineStore } from '../ports.ts';
import type { ReconcileStore } from '../reconciler.ts';
import { facts as defaultFacts } from './facts.ts';

type Row = { -readonly [K in keyof Intent]: Intent[K] } & { leaseToken: string | null };
interface AgentState {
  observed: { cxone?: Observed<AcdState>; salesforce?: Observed<SalesforcePresence> };
  history: readonly HistoryEntry[];
  echoes: ExpectedEcho[];
}

const PERMANENT = new Set(['permanent', 'invalid', 'not_found']);

export class MemoryStore implements EngineStore, ReconcileStore {
  readonly rows = new Map<string, Row>();
  readonly auditLog: AuditEntry[] = [];
  readonly checkpoints = new Map<string, string>();
  private readonly dedup = new Set<string>();
  private readonly agents = new Map<string, AgentState>();
  private tokens = 0;
  /** Overrides of the agent's directory facts (link, rules, switches...), by `tenant/agent`. */
  readonly directory = new Map<string, Partial<AgentFacts>>();
  /** When set, the next ingest throws this (a failing transaction: nothing is written). */
  failNextIngest: Error | undefined;

  constructor(
    private readonly now: () => number,
    private readonly maxAttempts = 8,
  ) {}

  agent(tenantId: string, agentId: string): AgentState {
    const key = `${tenantId}/${agentId}`;
    let state = this.agents.get(key);
    if (!state) {
      state = { observed: {}, history: [], echoes: [] };
      this.agents.set(key, state);
    }
    return state;
  }

  row(tenantId: string, agentId: string, target: Side): Row | undefined {
    return this.rows.get(`${tenantId}/${agentId}/${target}`);
  }

  readonly ingest = async (request: IngestRequest): Promise<IngestResult> => {
    if (this.failNextIngest) {
      const error = this.failNextIngest;
      this.failNextIngest = undefined;
      throw error;
    }
    const { tenantId, event } = request;
    const dedupKey = `${tenantId}|${request.dedup.source}|${request.dedup.key}`;
    if (this.dedup.has(dedupKey)) return { status: 'duplicate' };
    const now = this.now();
    const state = this.agent(tenantId, event.agentId);
    const pending: { cxone?: number; salesforce?: number } = {};
    const pendingStateKeys: { cxone?: string; salesforce?: string } = {};
    for (const side of ['cxone', 'salesforce'] as const) {
      const r = this.row(tenantId, event.agentId, side);
      if (r?.status === 'pending') {
        pending[side] = r.sourceAt;
        pendingStateKeys[side] = r.desired.stateKey;
      }
    }
    const agentFacts = defaultFacts({
      tenantId,
      agentId: event.agentId,
      now,
      ...this.directory.get(`${tenantId}/${event.agentId}`),
      observed: { ...state.observed },
      history: state.history,
      expectedEchoes: state.echoes.filter((e) => e.expiresAt >= now),
      pending,
      pendingStateKeys,
    });
    const decision = request.decide(event, request.buildContext(agentFacts));
    // From here on nothing throws: the "transaction" commits as a whole.
    this.dedup.add(dedupKey);
    const o = event.observation;
    if (decision.observe) {
      const held = state.observed[o.side];
      if (!held || held.at <= event.at) {
        if (o.side === 'cxone') state.observed.cxone = { value: o.state, at: event.at, origin: event.origin };
        else state.observed.salesforce = { value: o.presence, at: event.at, origin: event.origin };
      }
    }
    if (decision.history) state.history = decision.history;
    if (decision.echo) {
      const echo = decision.echo;
      state.echoes = state.echoes.filter((e) => !(e.side === echo.side && e.stateKey === echo.stateKey));
    }
    let superseded: Side | undefined;
    if (decision.supersedes) {
      const r = this.row(tenantId, event.agentId, decision.supersedes);
      if (r && r.status === 'pending' && r.sourceAt < event.at) {
        r.status = 'superseded';
        r.statusReason = 'superseded_by_newer_change';
        superseded = decision.supersedes;
      }
    }
    if (decision.resumes) {
      const r = this.row(tenantId, event.agentId, decision.resumes);
      if (r && r.status === 'pending' && r.runAfter > now) r.runAfter = now;
    }
    let intent: { target: Side; upsert: UpsertOutcome } | undefined;
    if (decision.write) {
      const serveKey = request.serveKey?.(decision.write) ?? null;
      intent = { target: decision.write.side, upsert: this.upsert(tenantId, event.agentId, decision.write, decision.sourceAt ?? event.at, request.dedup.key, serveKey, now, true) };
    }
    const audit = await this.audit.append({
      tenantId,
      agentId: event.agentId,
      kind: 'decision',
      outcome: decision.outcome,
      reason: decision.reason,
      explanation: decision.explanation,
      rule: decision.rule ? { id: decision.rule.id, version: decision.rule.version } : null,
      details: { dedup: request.dedup, event, receivedAt: request.receivedAt ?? now, decidedAt: now },
    });
    if (request.checkpoint) this.checkpoints.set(`${tenantId}|${request.checkpoint.source}`, request.checkpoint.position);
    return { status: 'applied', decision, auditId: audit.id, ...(intent ? { intent } : {}), ...(superseded ? { superseded } : {}) };
  };

  private upsert(tenantId: string, agentId: string, desired: WriteIntent, sourceAt: number, sourceEvent: string, serveKey: string | null, now: number, decidedInOrder = false): UpsertOutcome {
    const key = `${tenantId}/${agentId}/${desired.side}`;
    const held = this.rows.get(key);
    if (held && !decidedInOrder && held.sourceAt >= sourceAt) return { outcome: 'kept_newer', generation: held.generation };
    if (held && decidedInOrder && held.status === 'pending' && held.desired.stateKey === desired.stateKey) {
      if (desired.side === 'salesforce') held.runAfter = now;
      return { outcome: 'unchanged', generation: held.generation };
    }
    const fresh = { desired, sourceEvent, sourceAt, status: 'pending' as const, statusReason: null, attempts: 0, runAfter: now, lastError: null, serveKey };
    if (held) {
      Object.assign(held, fresh, { generation: held.generation + 1 });
      return { outcome: 'replaced', generation: held.generation };
    }
    this.rows.set(key, { tenantId, agentId, target: desired.side, ...fresh, generation: 1, appliedGeneration: 0, leaseOwner: null, leaseToken: null, leaseUntil: null });
    return { outcome: 'inserted', generation: 1 };
  }

  private fenced(claim: ClaimedIntent): Row | undefined {
    const r = this.row(claim.tenantId, claim.agentId, claim.target);
    return r && r.leaseOwner === claim.leaseOwner && r.leaseToken === claim.leaseToken ? r : undefined;
  }

  readonly mailbox: EngineStore['mailbox'] & ReconcileStore['mailbox'] = {
    get: async (key) => {
      const r = this.row(key.tenantId, key.agentId, key.target);
      return r ? { ...r } : undefined;
    },
    claim: async (options: ClaimOptions): Promise<readonly ClaimedIntent[]> => {
      const now = this.now();
      const token = `lease-${++this.tokens}`;
      const due = [...this.rows.values()]
        .filter(
          (r) =>
            r.status === 'pending' &&
            r.runAfter <= now &&
            (r.leaseUntil === null || r.leaseUntil < now) &&
            (options.tenantId === undefined || r.tenantId === options.tenantId) &&
            (options.target === undefined || r.target === options.target) &&
            (options.agentIds === undefined || options.agentIds.includes(r.agentId)) &&
            (options.serveKeys === undefined || (r.serveKey !== null && options.serveKeys.includes(r.serveKey))),
        )
        .sort((a, b) => a.runAfter - b.runAfter)
        .slice(0, options.limit);
      const claimed = due.map((r) => {
        Object.assign(r, { leaseOwner: options.owner, leaseToken: token, leaseUntil: now + options.leaseMs });
        return { ...r } as ClaimedIntent;
      });
      // The echoes go in with the claim, as the store records them in the claim's transaction.
      for (const intent of claimed) if (options.expectEcho) await this.syncState.expectEcho(intent.tenantId, intent.agentId, options.expectEcho(intent));
      return claimed;
    },
    complete: async (claim: ClaimedIntent): Promise<CompleteOutcome> => {
      const r = this.fenced(claim);
      const outcome = !r ? 'lost_lease' : r.status === 'superseded' ? 'superseded' : r.generation > claim.generation ? 'newer_pending' : 'completed';
      await this.audit.append(acknowledgement(claim, outcome));
      if (!r) return outcome;
      r.appliedGeneration = Math.max(r.appliedGeneration, claim.generation);
      if (outcome === 'completed') Object.assign(r, { status: 'completed', statusReason: null, lastError: null });
      Object.assign(r, { leaseOwner: null, leaseToken: null, leaseUntil: null });
      return outcome;
    },
    completeAll: async (claims: readonly ClaimedIntent[]): Promise<readonly CompleteOutcome[]> => {
      const outcomes: CompleteOutcome[] = [];
      for (const claim of claims) outcomes.push(await this.mailbox.complete(claim));
      return outcomes;
    },
    fail: async (claim: ClaimedIntent, failure: IntentFailure): Promise<FailOutcome> => {
      const now = this.now();
      const r = this.fenced(claim);
      if (!r) return { outcome: 'lost_lease' };
      Object.assign(r, { leaseOwner: null, leaseToken: null, leaseUntil: null, lastError: failure.message });
      if (r.status === 'superseded') return { outcome: 'superseded' } as unknown as FailOutcome;
      if (r.generation > claim.generation) {
        Object.assign(r, { attempts: 0, runAfter: now + (failure.retryAfterMs ?? 0) });
        return { outcome: 'newer_pending' };
      }
      const attempts = r.attempts + 1;
      r.attempts = attempts;
      if (PERMANENT.has(failure.kind) || attempts >= this.maxAttempts) {
        const reason = PERMANENT.has(failure.kind) ? `${failure.kind}: ${failure.message}` : `gave up after ${attempts} attempts; last error (${failure.kind}): ${failure.message}`;
        Object.assign(r, { status: 'dead', statusReason: reason });
        return { outcome: 'dead', reason };
      }
      r.runAfter = now + Math.max(1_000 * 2 ** (attempts - 1), failure.retryAfterMs ?? 0);
      return { outcome: 'retry', runAfter: r.runAfter, attempts };
    },
    releaseLeases: async (owner: string): Promise<number> => {
      let released = 0;
      for (const r of this.rows.values()) {
        if (r.leaseOwner !== owner) continue;
        Object.assign(r, { leaseOwner: null, leaseToken: null, leaseUntil: null });
        released++;
      }
      return released;
    },
  };

  /** Linked agents, by tenant (the reconciler walks them). */
  readonly linked = new Map<string, string[]>();
  readonly switches = new Map<string, FeatureSwitches>();

  factsOf(tenantId: string, agentId: string): AgentFacts {
    return defaultFacts({ tenantId, agentId, ...this.directory.get(`${tenantId}/${agentId}`) });
  }

  readonly tenants: ReconcileStore['tenants'] = {
    list: async (): Promise<readonly Tenant[]> =>
      [...this.linked.keys()].map((id) => ({ id, name: id, switches: this.switches.get(id) ?? { salesforceAdapter: true, presenceSync: true }, createdAt: 0, updatedAt: 0 })),
  };

  readonly links: ReconcileStore['links'] = {
    list: async (tenantId: string): Promise<readonly AgentLink[]> =>
      (this.linked.get(tenantId) ?? []).flatMap((agentId) => {
        const link = this.factsOf(tenantId, agentId).link;
        return link ? [link] : [];
      }),
  };

  readonly cxone: ReconcileStore['cxone'] = {
    user: async (tenantId, userId) => this.factsOf(tenantId, userId).acdUser,
  };

  readonly rules: ReconcileStore['rules'] = {
    forAgent: async (tenantId, userId) => this.factsOf(tenantId, userId).rules,
  };

  readonly syncState: EngineStore['syncState'] & ReconcileStore['syncState'] = {
    observed: async (tenantId, agentId) => ({ ...this.agent(tenantId, agentId).observed }),
    history: async (tenantId, agentId) => this.agent(tenantId, agentId).history,
    expectEcho: async (tenantId, agentId, echo) => {
      const state = this.agent(tenantId, agentId);
      state.echoes = [...state.echoes.filter((e) => !(e.side === echo.side && e.stateKey === echo.stateKey)), echo];
    },
    expectEchoes: async (entries) => {
      for (const { tenantId, agentId, echo } of entries) await this.syncState.expectEcho(tenantId, agentId, echo);
    },
    forgetEcho: async (tenantId, agentId, echo) => {
      const state = this.agent(tenantId, agentId);
      state.echoes = state.echoes.filter((e) => !(e.side === echo.side && e.stateKey === echo.stateKey && e.commandId === echo.commandId));
    },
  };

  readonly audit: EngineStore['audit'] = {
    append: async (entry: AuditEntryInput): Promise<AuditEntry> => {
      const full: AuditEntry = { ...entry, id: `audit-${this.auditLog.length + 1}`, at: this.now(), agentId: entry.agentId ?? null, reason: entry.reason ?? null, rule: entry.rule ?? null, details: entry.details ?? {} };
      this.auditLog.push(full);
      return full;
    },
  };
}
