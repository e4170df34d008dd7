import type { PresenceEvent, SalesforcePresence } from '../domain/index.ts';

/** The per-org bridge secrets (kept encrypted by the store). */
export interface BridgeSecrets {
  /** The bridge secret of an organisation (18-character ID), or undefined when it has none. */
  lookup(orgId: string): Promise<string | undefined> | string | undefined;
}

/** Which agent a Salesforce user is (the agent links). */
export interface AgentLinks {
  /** The agent linked to this Salesforce user (both IDs 18 characters), or undefined. */
  resolve(orgId: string, sfUserId: string): Promise<string | undefined> | string | undefined;
}

/** A domain event from a console, with the key under which ingest deduplicates it. */
export type BridgeEvent = PresenceEvent & { readonly dedupKey: string };

/**
 * Where the bridge delivers what consoles report, one event at a time per console. If it throws,
 * the bridge closes that console's connection so that it reconnects and reports its status again.
 */
export type BridgeEventSink = (event: BridgeEvent) => Promise<void>;

/** A console became an agent's active one and showed its current status (the initial-sync moment). */
export interface ConsoleConnected {
  readonly agentId: string;
  readonly orgId: string;
  readonly sfUserId: string;
  readonly tabId: string;
  readonly sessionId: string;
  readonly presence: SalesforcePresence;
}

/** Called after the `console_connected` event reached the sink: push the status the agent should have. */
export type OnConsoleConnected = (connected: ConsoleConnected) => void | Promise<void>;

/** The part of a pino logger the bridge uses. */
export interface BridgeLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export const silentLogger: BridgeLogger = { info: () => undefined, warn: () => undefined };
