import type { Result } from '../domain/index.ts';
import type { HubLogger } from './logger.ts';

export interface DirectoryRefresherOptions {
  readonly tenantId: string;
  readonly intervalMs: number;
  /** "Get CXone users": users, teams, unavailable codes. Absent without a CXone connection. */
  readonly refreshCxone?: () => Promise<Result<unknown>>;
  /** The org: statuses, access, users, prerequisites, agent links. */
  readonly refreshSalesforce?: () => Promise<Result<unknown>>;
  readonly logger: HubLogger;
}

/**
 * Reads both directories of a tenant again now and then, as an administrator's "Get CXone users"
 * and org refresh do: a new agent, a renamed code, a permission set removed in Salesforce reach the
 * hub without anyone pressing a button. Runs with the tenant's other sources (one instance).
 */
export class DirectoryRefresher {
  readonly #options: DirectoryRefresherOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;

  constructor(options: DirectoryRefresherOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.refreshOnce().finally(() => (this.#running = undefined));
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One pass; each side's failure is logged with its code, and the other side still runs. */
  async refreshOnce(): Promise<void> {
    const { tenantId, logger } = this.#options;
    for (const [side, refresh] of [['CXone users', this.#options.refreshCxone], ['Salesforce org', this.#options.refreshSalesforce]] as const) {
      if (!refresh) continue;
      try {
        const result = await refresh();
        if (result.ok) logger.info({ tenantId, directory: side }, 'directory read again');
        else logger.warn({ tenantId, directory: side, code: result.problems[0]?.code }, `reading the ${side} again failed: ${result.problems.map((p) => p.message).join(' ')}`);
      } catch (error) {
        logger.warn({ tenantId, directory: side, err: error instanceof Error ? error.message : String(error) }, `reading the ${side} again failed`);
      }
    }
  }
}
