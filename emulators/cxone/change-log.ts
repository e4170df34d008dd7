import type { StateChange } from './model.ts';

/**
 * The record of every agent state change, per tenant in time order, so that the states feed finds
 * "everything after updatedSince" by binary search instead of scanning agents.
 *
 * Exactly-once across polls: a change is stamped strictly later than every `lastPollTime` already
 * handed out for its tenant, and a poll answers `(updatedSince, lastPollTime]` with
 * `lastPollTime >= every recorded change`. So a client that passes each `lastPollTime` back as the
 * next `updatedSince` sees every change once, even several changes of one agent in one interval.
 */
export class ChangeLog {
  private readonly all: StateChange[] = [];
  private readonly byTenant = new Map<string, StateChange[]>();
  private readonly lastPollTime = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The time to stamp a change of this tenant with (never earlier than the tenant's last change or poll). */
  stamp(tenantId: string): number {
    const changes = this.byTenant.get(tenantId);
    const lastChange = changes?.[changes.length - 1]?.at ?? 0;
    const lastPoll = this.lastPollTime.get(tenantId);
    return Math.max(this.now(), lastChange, lastPoll === undefined ? 0 : lastPoll + 1);
  }

  append(change: Omit<StateChange, 'seq'>): StateChange {
    const record: StateChange = { ...change, seq: this.all.length + 1 };
    this.all.push(record);
    let list = this.byTenant.get(change.tenantId);
    if (!list) this.byTenant.set(change.tenantId, (list = []));
    list.push(record);
    return record;
  }

  /** Hands out a poll time for the tenant: now, or the last change's time if the clock is behind. */
  pollTime(tenantId: string): number {
    const changes = this.byTenant.get(tenantId);
    const lastChange = changes?.[changes.length - 1]?.at ?? 0;
    const previous = this.lastPollTime.get(tenantId) ?? 0;
    const time = Math.max(this.now(), lastChange, previous);
    this.lastPollTime.set(tenantId, time);
    return time;
  }

  /** The tenant's changes with `updatedSince < at <= until`, oldest first. */
  between(tenantId: string, updatedSince: number, until: number): StateChange[] {
    const list = this.byTenant.get(tenantId) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid]?.at ?? 0) <= updatedSince) lo = mid + 1;
      else hi = mid;
    }
    const out: StateChange[] = [];
    for (let i = lo; i < list.length; i++) {
      const change = list[i];
      if (!change || change.at > until) break;
      out.push(change);
    }
    return out;
  }

  /** The emulator's record, for test checkers. */
  records(filter: { tenantId?: string; agentId?: number; afterSeq?: number } = {}): StateChange[] {
    const source = filter.tenantId === undefined ? this.all : (this.byTenant.get(filter.tenantId) ?? []);
    return source.filter(
      (c) => (filter.agentId === undefined || c.agentId === filter.agentId) && (filter.afterSeq === undefined || c.seq > filter.afterSeq),
    );
  }
}
