/**
 * Small adapters from the sources and writers of the connectors and the bridge to the engine.
 * Structural types only: the engine depends on no connector module.
 */
import type { PresenceEvent } from '../domain/index.ts';
import type { SetStatusOptions, SetStatusOutcome } from '../bridge/set-status-outcome.ts';
import type { SalesforcePresence } from '../domain/index.ts';
import type { SyncStateRepository } from '../store/ports.ts';
import type { SourceEvent } from './ingest-service.ts';
import type { SalesforceStatusWriter } from './ports.ts';

type Ingest = { ingest(input: SourceEvent): Promise<unknown> };
type KeyedEvent = PresenceEvent & { readonly dedupKey: string };

/** The event without the source's extra fields (dedup key, Salesforce user id), as the domain defines it. */
export function domainEvent(event: PresenceEvent): PresenceEvent {
  return {
    agentId: event.agentId,
    observation: event.observation,
    at: event.at,
    origin: event.origin,
    ...(event.hubCommandId !== undefined ? { hubCommandId: event.hubCommandId } : {}),
  };
}

/**
 * A polled source's sink (CXone states feed, Salesforce presence feed): ingests the poll's events in
 * order, the checkpoint advancing with the last one (in its transaction); a poll without events
 * advances the checkpoint alone. If an ingest fails, the call fails, the checkpoint stays where
 * it was, and the next poll brings the same changes again (the ones already ingested are duplicates).
 */
export function pollSink(
  engine: Ingest,
  syncState: Pick<SyncStateRepository, 'setCheckpoint'>,
  tenantId: string,
  source: string,
): (events: readonly KeyedEvent[], checkpoint: string) => Promise<void> {
  return async (events, checkpoint) => {
    if (events.length === 0) {
      await syncState.setCheckpoint(tenantId, source, checkpoint);
      return;
    }
    for (const [i, event] of events.entries()) {
      const last = i === events.length - 1;
      await engine.ingest({ tenantId, source, dedupKey: event.dedupKey, event: domainEvent(event), ...(last ? { checkpoint: { source, position: checkpoint } } : {}) });
    }
  };
}

/** The console bridge's event sink for one tenant's consoles. */
export function bridgeSink(engine: Ingest, tenantId: string, source = 'bridge'): (event: KeyedEvent) => Promise<void> {
  return async (event) => {
    await engine.ingest({ tenantId, source, dedupKey: event.dedupKey, event: domainEvent(event) });
  };
}

/** The bridge hub as the Salesforce writer, for a hub whose bridge keys consoles by agent id alone (one tenant). */
export function bridgeStatusWriter(hub: { sendSetStatus(agentId: string, presence: SalesforcePresence, options: SetStatusOptions): Promise<SetStatusOutcome> }): SalesforceStatusWriter {
  return {
    sendSetStatus: (request) => hub.sendSetStatus(request.agentId, request.presence, { intentId: request.intentId, timeoutMs: request.timeoutMs, signal: request.signal }),
  };
}
