import { SalesforceSession, type SalesforceSessionOptions } from './session.ts';

/**
 * One `SalesforceSession` per environment (org), shared by everything that talks to it (the
 * refresh, the feed, provisioning), so that an org never has two token requests in flight.
 */
export class SalesforceSessionRegistry {
  readonly #sessions = new Map<string, SalesforceSession>();

  /** The environment's session; `options` is read only when there is none yet. */
  session(environmentId: string, options: () => SalesforceSessionOptions): SalesforceSession {
    let session = this.#sessions.get(environmentId);
    if (session === undefined) {
      session = new SalesforceSession(options());
      this.#sessions.set(environmentId, session);
    }
    return session;
  }

  /** Forgets a session (its credentials changed, or the environment was removed); the next call logs in anew. */
  evict(environmentId: string): void {
    this.#sessions.delete(environmentId);
  }

  get size(): number {
    return this.#sessions.size;
  }
}
