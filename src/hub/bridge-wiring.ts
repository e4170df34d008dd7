import { createBridgeHub, type BridgeHub, type BridgeLogger } from '../bridge/index.ts';
import { bridgeSink, type SyncEngine } from '../engine/index.ts';
import type { AgentRef, ConsoleHolder, SalesforceStatusWriter } from '../engine/index.ts';
import type { Store } from '../store/index.ts';
import { bridgeKeyOf, tenantAgentOf } from './agent-key.ts';
import type { TenantConnections } from './tenant-connections.ts';

export interface BridgeWiring {
  readonly hub: BridgeHub;
  /** The Salesforce writer of the engine: commands go to the agent's console through the bridge. */
  readonly writer: SalesforceStatusWriter;
  /** The consoles this instance holds, for claiming Salesforce intents. */
  readonly consoles: ConsoleHolder;
}

/**
 * One bridge for every tenant of the hub. Consoles are keyed `<tenant>/<agent>`: the org in the
 * console's token names the tenant (its verified account mapping), the agent link names the agent.
 */
export function wireBridge(options: {
  readonly store: Store;
  readonly connections: TenantConnections;
  readonly engine: () => SyncEngine;
  readonly graceMs: number;
  readonly heartbeatMs?: number;
  readonly logger: BridgeLogger;
  /** This instance: the console sessions it holds are recorded under it. */
  readonly instanceId: string;
}): BridgeWiring {
  const { store, connections } = options;
  const hub = createBridgeHub({
    secrets: { lookup: (orgId) => connections.bridgeSecret(orgId) },
    // Used tokens are remembered in the store: single-use across restarts and on every instance.
    replayCache: store.bridgeTokens,
    links: {
      async resolve(orgId, sfUserId) {
        const tenantId = await connections.tenantOfOrg(orgId);
        if (!tenantId) return undefined;
        const link = await store.links.bySalesforceUser(tenantId, sfUserId);
        return link ? bridgeKeyOf({ tenantId, agentId: link.acdUserId }) : undefined;
      },
    },
    async sink(event) {
      const ref = tenantAgentOf(event.agentId);
      if (!ref) return;
      const sessions = store.consoleSessions;
      if (event.origin === 'console_connected') await sessions.opened(ref.tenantId, ref.agentId, options.instanceId);
      // A console that went away from here but connected to another instance meanwhile is not closed.
      if (event.origin === 'console_closed' && !(await sessions.closed(ref.tenantId, ref.agentId, options.instanceId))) return;
      await bridgeSink(options.engine(), ref.tenantId)({ ...event, agentId: ref.agentId });
    },
    onConsoleConnected: (console) => {
      // Its agent's Salesforce intent may be claimed now, by this instance: no need to scan them all.
      const ref = tenantAgentOf(console.agentId);
      options.engine().wake(ref ? { ...ref, target: 'salesforce' } : undefined);
    },
    graceMs: options.graceMs,
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    logger: options.logger,
  });
  return {
    hub,
    writer: {
      sendSetStatus: (request) => hub.sendSetStatus(bridgeKeyOf(request), request.presence, { intentId: request.intentId, timeoutMs: request.timeoutMs, signal: request.signal }),
    },
    consoles: {
      heldAgents: () => hub.activeConsoles().flatMap((c): AgentRef[] => {
        const ref = tenantAgentOf(c.agentId);
        return ref ? [ref] : [];
      }),
      holds: (agent) => hub.hasConsole(bridgeKeyOf(agent)),
    },
  };
}
