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

type Ingest = { ingest(input: SourceEvent): Promise<unknown>; ingestAll?(inputs: readonly SourceEvent[]): Promise<unknown> };

/** Changes per `ingestAll` call: a page's transaction stays short, and so does the set of agents it locks. */
export const PAGE_CHUNK = 256;
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
 * A polled source's sink (CXone states feed, Salesforce presence feed): ingests the poll's events,
 * each agent's in order; a poll without events advances the checkpoint alone. An engine that takes
 * pages (`ingestAll`), with one lane, gets the events in pages of up to PAGE_CHUNK, each one transaction, one after
 * the other, the checkpoint in the last page's transaction; if a page fails, the call fails and the
 * checkpoint stays where it was. Otherwise, with one lane (the
 * default) the events go one after the other and the checkpoint advances with the last one, in its
 * transaction. With more (PostgreSQL, where each ingest waits on round trips), different agents'
 * events are ingested side by side and the checkpoint advances once all of them are in. If an ingest
 * fails, the call fails, the checkpoint stays where it was, and the next poll brings the same changes
 * again (the ones already ingested are duplicates).
 */
export function pollSink(
  engine: Ingest,
  syncState: Pick<SyncStateRepository, 'setCheckpoint'>,
  tenantId: string,
  source: string,
  options: { readonly lanes?: number } = {},
): (events: readonly KeyedEvent[], checkpoint: string) => Promise<void> {
  const lanes = Math.max(1, options.lanes ?? 1);
  const input = (event: KeyedEvent, checkpoint?: string): SourceEvent =>
    ({ tenantId, source, dedupKey: event.dedupKey, event: domainEvent(event), ...(checkpoint !== undefined ? { checkpoint: { source, position: checkpoint } } : {}) });
  const ingest = (event: KeyedEvent, checkpoint?: string) => engine.ingest(input(event, checkpoint));
  return async (events, checkpoint) => {
    if (events.length === 0) {
      await syncState.setCheckpoint(tenantId, source, checkpoint);
      return;
    }
    if (engine.ingestAll && lanes === 1) {
      for (let i = 0; i < events.length; i += PAGE_CHUNK) {
        const page = events.slice(i, i + PAGE_CHUNK);
        const last = i + PAGE_CHUNK >= events.length;
        await engine.ingestAll(page.map((event, k) => input(event, last && k === page.length - 1 ? checkpoint : undefined)));
      }
      return;
    }
    if (lanes === 1) {
      for (const [i, event] of events.entries()) await ingest(event, i === events.length - 1 ? checkpoint : undefined);
      return;
    }
    await ingestByAgent(events, lanes, (event) => ingest(event));
    await syncState.setCheckpoint(tenantId, source, checkpoint);
  };
}

/** Each agent's events in order, up to `lanes` agents at a time; after a failure no new event starts. */
async function ingestByAgent(events: readonly KeyedEvent[], lanes: number, ingest: (event: KeyedEvent) => Promise<unknown>): Promise<void> {
  const byAgent = new Map<string, KeyedEvent[]>();
  for (const event of events) {
    const own = byAgent.get(event.agentId);
    if (own) own.push(event);
    else byAgent.set(event.agentId, [event]);
  }
  const queue = [...byAgent.values()];
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    for (let agent = queue.shift(); agent && !failure; agent = queue.shift()) {
      for (const event of agent) {
        if (failure) return;
        try {
          await ingest(event);
        } catch (error) {
          failure ??= { error };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, lane));
  if (failure) throw failure.error;
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
