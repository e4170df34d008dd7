/** Scripted failures: by path pattern, method and org, for a number of requests or until cleared. */

export type FaultAction =
  /** Any status with an optional body (default: Salesforce-shaped error array) and Retry-After. */
  | { kind: 'http'; status: number; body?: unknown; retryAfterSeconds?: number }
  | { kind: 'latency'; ms: number }
  /** The caller's access token expires before the request is served: 401 INVALID_SESSION_ID. */
  | { kind: 'expireSession' }
  /** Every session of the caller's org is revoked (refresh tokens too when includeRefresh). */
  | { kind: 'revokeOrgSessions'; includeRefresh?: boolean }
  /** 403 REQUEST_LIMIT_EXCEEDED as Salesforce sends it when the daily or concurrency limit is hit. */
  | { kind: 'requestLimitExceeded'; message?: string };

export interface FaultRuleInput {
  /** Substring of the request path (without login-host prefix, with query), or a RegExp. */
  path?: string | RegExp;
  method?: string;
  /** Only requests of this org (15/18-char ID); requests without a session never match. */
  orgId?: string;
  action: FaultAction;
  /** How many matching requests it hits; omitted = until cleared. */
  times?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  hits: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  orgId?: string;
}

export class FaultScript {
  private rules: FaultRule[] = [];
  private seq = 0;

  add(input: FaultRuleInput): string {
    this.seq += 1;
    const id = `fault-${this.seq}`;
    this.rules.push({ ...input, id, hits: 0 });
    return id;
  }

  clear(id?: string): void {
    this.rules = id ? this.rules.filter((r) => r.id !== id) : [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  private matches(r: FaultRule, req: FaultRequest): boolean {
    if (r.method && r.method.toUpperCase() !== req.method.toUpperCase()) return false;
    if (r.path !== undefined) {
      const hit = typeof r.path === 'string' ? req.path.includes(r.path) : r.path.test(req.path);
      if (!hit) return false;
    }
    if (r.orgId && (!req.orgId || req.orgId.slice(0, 15) !== r.orgId.slice(0, 15))) return false;
    return true;
  }

  /** The actions that apply to this request (each consumes one of its rule's remaining hits). */
  take(req: FaultRequest): FaultAction[] {
    const out: FaultAction[] = [];
    for (const r of this.rules) {
      if (!this.matches(r, req)) continue;
      r.hits += 1;
      out.push(r.action);
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.hits < r.times);
    return out;
  }
}
