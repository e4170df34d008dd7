/**
 * What this instance has seen of each tenant's upstream calls: the sources (CXone poller,
 * Salesforce feed, directory reads) and the CXone writes report each success and classified
 * failure here; the health checks read the picture. In memory: the checks of a tenant run on the
 * instance that runs its sources, which is the one that sees its calls.
 */

export type UpstreamSide = 'cxone' | 'salesforce';

/** A classified failure as the connectors give it (CxoneFailure and SalesforceFailure fit). */
export interface ObservedFailure {
  readonly kind: string;
  readonly code: string;
  readonly message: string;
}

export interface SideSignals {
  readonly lastSuccessAt: number | undefined;
  /** The last failure, if none succeeded after it. */
  readonly failing: (ObservedFailure & { readonly since: number; readonly at: number }) | undefined;
  /** Times the side answered "too many requests" recently (newest last). */
  readonly rateLimited: readonly { readonly at: number; readonly message: string }[];
}

export interface TenantSignals {
  /** When this instance started the tenant's sources. */
  readonly startedAt: number | undefined;
  /** The last poll of CXone's agent-state feed that succeeded. */
  readonly lastCxonePollAt: number | undefined;
  readonly sides: Readonly<Record<UpstreamSide, SideSignals>>;
}

/** How long rate-limit answers are remembered. */
export const RATE_LIMIT_WINDOW_MS = 10 * 60_000;

interface MutableSide {
  lastSuccessAt: number | undefined;
  failing: (ObservedFailure & { since: number; at: number }) | undefined;
  rateLimited: { at: number; message: string }[];
}

interface MutableTenant {
  startedAt: number | undefined;
  lastCxonePollAt: number | undefined;
  sides: Record<UpstreamSide, MutableSide>;
}

const emptySide = (): MutableSide => ({ lastSuccessAt: undefined, failing: undefined, rateLimited: [] });

export class UpstreamSignals {
  readonly #tenants = new Map<string, MutableTenant>();

  constructor(private readonly now: () => number = Date.now) {}

  #of(tenantId: string): MutableTenant {
    let tenant = this.#tenants.get(tenantId);
    if (!tenant) this.#tenants.set(tenantId, (tenant = { startedAt: undefined, lastCxonePollAt: undefined, sides: { cxone: emptySide(), salesforce: emptySide() } }));
    return tenant;
  }

  /** The tenant's sources started on this instance: what was seen before is forgotten. */
  started(tenantId: string): void {
    this.#tenants.set(tenantId, { startedAt: this.now(), lastCxonePollAt: undefined, sides: { cxone: emptySide(), salesforce: emptySide() } });
  }

  stopped(tenantId: string): void {
    this.#tenants.delete(tenantId);
  }

  succeeded(tenantId: string, side: UpstreamSide): void {
    const s = this.#of(tenantId).sides[side];
    s.lastSuccessAt = this.now();
    s.failing = undefined;
  }

  cxonePolled(tenantId: string): void {
    this.#of(tenantId).lastCxonePollAt = this.now();
    this.succeeded(tenantId, 'cxone');
  }

  failed(tenantId: string, side: UpstreamSide, failure: ObservedFailure): void {
    const at = this.now();
    const s = this.#of(tenantId).sides[side];
    if (failure.kind === 'rate_limited') {
      s.rateLimited = [...s.rateLimited.filter((r) => at - r.at < RATE_LIMIT_WINDOW_MS), { at, message: failure.message }];
      return;
    }
    // Only failures that say something about the credentials or the upstream's answer stay; a
    // network blip or a retryable 5xx says nothing about the tenant's configuration.
    if (failure.kind !== 'auth') return;
    const since = s.failing?.code === failure.code ? s.failing.since : at;
    s.failing = { kind: failure.kind, code: failure.code, message: failure.message, since, at };
  }

  of(tenantId: string): TenantSignals {
    const tenant = this.#of(tenantId);
    const at = this.now();
    const side = (s: MutableSide): SideSignals => ({ lastSuccessAt: s.lastSuccessAt, failing: s.failing, rateLimited: s.rateLimited.filter((r) => at - r.at < RATE_LIMIT_WINDOW_MS) });
    return { startedAt: tenant.startedAt, lastCxonePollAt: tenant.lastCxonePollAt, sides: { cxone: side(tenant.sides.cxone), salesforce: side(tenant.sides.salesforce) } };
  }
}
