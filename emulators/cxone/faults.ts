/** Scripted misbehaviour of the CXone surface (never of `/emulator/...`). */
export type FaultAction =
  /** Answer with this status instead (429 adds `Retry-After` when `retryAfterSeconds` is set). */
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: Record<string, unknown> }
  /** Delay the request, then handle it normally (other matching faults still apply). */
  | { type: 'latency'; ms: number }
  /** Destroy the connection without an answer. */
  | { type: 'drop' }
  /** States feed only: repeat the answer's rows (`next`: again in the next poll; `same`: twice in this answer). */
  | { type: 'duplicateRows'; where?: 'next' | 'same' }
  /** States feed only: hold this answer's rows back and deliver them after the next poll's rows (late, out of order). */
  | { type: 'lateRows' }
  /** States feed only: this answer's rows in reverse time order. */
  | { type: 'reorderRows' };

export interface FaultSpec {
  /** URL path pattern; `*` matches any characters, e.g. `/inContactAPI/services/v*.0/agents/states`. */
  path: string;
  /** HTTP method; omitted = any. */
  method?: string;
  /** How many matching requests it affects (default 1); `'unlimited'` until cleared. */
  times?: number | 'unlimited';
  /** Let this many matching requests through first (default 0). */
  after?: number;
  action: FaultAction;
}

export interface Fault extends FaultSpec {
  readonly id: number;
  /** Matching requests it has affected so far. */
  hits: number;
}

const escape = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
/** A path pattern with `*` as wildcard, as a whole-path regular expression. */
export const pathPattern = (path: string): RegExp => new RegExp(`^${path.split('*').map(escape).join('.*')}$`);

export class FaultScript {
  private readonly faults: (Fault & { readonly regex: RegExp; seen: number })[] = [];
  private nextId = 0;

  add(spec: FaultSpec): Fault {
    const fault = { ...spec, id: ++this.nextId, hits: 0, seen: 0, regex: pathPattern(spec.path) };
    this.faults.push(fault);
    return fault;
  }

  remove(id: number): void {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i >= 0) this.faults.splice(i, 1);
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): Fault[] {
    return this.faults.map(({ id, path, method, times, after, action, hits }) => ({ id, path, method, times, after, action, hits }));
  }

  /** The actions that apply to this request, in the order they were added; consumes their counts. */
  take(method: string, path: string): FaultAction[] {
    const actions: FaultAction[] = [];
    for (const fault of [...this.faults]) {
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!fault.regex.test(path)) continue;
      fault.seen += 1;
      if (fault.seen <= (fault.after ?? 0)) continue;
      fault.hits += 1;
      actions.push(fault.action);
      const times = fault.times ?? 1;
      if (times !== 'unlimited' && fault.hits >= times) this.remove(fault.id);
    }
    return actions;
  }
}
