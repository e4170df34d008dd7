/** What the emulator served, so client tests and benchmarks can count calls (token requests included). */

export interface LoggedRequest {
  at: number;
  method: string;
  /** Path without the login-host prefix, with query string. */
  path: string;
  /** Login host of the request: production | sandbox | mydomain | none. */
  host: string;
  status: number;
  /** Org of the session or token answered, when known. */
  orgId?: string;
}

export interface RequestFilter {
  orgId?: string;
  /** Substring of the path. */
  path?: string;
  method?: string;
}

const MAX_ENTRIES = 50_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES / 2);
  }

  list(filter: RequestFilter = {}): LoggedRequest[] {
    return this.entries.filter((e) =>
      (!filter.orgId || e.orgId?.slice(0, 15) === filter.orgId.slice(0, 15)) &&
      (!filter.path || e.path.includes(filter.path)) &&
      (!filter.method || e.method.toUpperCase() === filter.method.toUpperCase()));
  }

  clear(): void {
    this.entries = [];
  }
}
