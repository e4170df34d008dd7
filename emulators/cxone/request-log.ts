import { pathPattern } from './faults.ts';

/** One request the CXone surface answered (the control surface is not recorded). */
export interface RequestRecord {
  readonly seq: number;
  readonly method: string;
  /** URL path without the query. */
  readonly path: string;
  readonly query: string;
  /** The answer's status; 0 when the connection was dropped by a fault. */
  readonly status: number;
  /** When the request arrived (emulator clock, epoch ms). */
  readonly at: number;
}

export interface RequestFilter {
  /** Path pattern, `*` as wildcard. */
  path?: string;
  method?: string;
}

const LIMIT = 100_000;

/** The most recent requests (up to 100,000), so tests can count what a client did (token calls, polls, rates). */
export class RequestLog {
  private records: RequestRecord[] = [];
  private seq = 0;

  add(record: Omit<RequestRecord, 'seq'>): void {
    this.records.push({ ...record, seq: ++this.seq });
    if (this.records.length > LIMIT) this.records = this.records.slice(-LIMIT / 2);
  }

  list(filter: RequestFilter = {}): RequestRecord[] {
    const regex = filter.path === undefined ? null : pathPattern(filter.path);
    return this.records.filter((r) => (!filter.method || r.method === filter.method.toUpperCase()) && (!regex || regex.test(r.path)));
  }

  clear(): void {
    this.records = [];
  }
}
