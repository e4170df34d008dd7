import Fastify from 'fastify';
import { STATUS_LABELS, type WorldAddress } from '../../demo/demo-world.ts';
import { bridgePlugin, createBridgeHub, generateBridgeSecret, type BridgeEvent, type BridgeHub } from '../../src/bridge/index.ts';
import { createCxoneConnector, type CxoneConnector } from '../../src/connectors/cxone/index.ts';
import { AVAILABLE, status, unavailable, type AcdState } from '../../src/domain/index.ts';
import { sameId } from './bench-consoles.ts';

/**
 * The baseline: moves each change straight from one emulator to the other over the same
 * transports the hub uses (the CXone connector's poller and writer, the console bridge), with a
 * fixed mapping and no store, no rules, no audit. Echoes: a console reports toolkit changes as such
 * (only the forwarder uses the toolkit), and for CXone it remembers the last state it wrote per agent.
 */
export interface Forwarder {
  readonly bridgeUrl: string;
  readonly bridgeSecret: string;
  readonly bridge: BridgeHub;
  /** event in → write issued, ms, for every write since the last `takeHubAdded()`. */
  takeHubAdded(): number[];
  close(): Promise<void>;
}

const TENANT = 'forwarder';

export async function startForwarder(options: { readonly world: WorldAddress; readonly cxonePollIntervalMs: number }): Promise<Forwarder> {
  const { world } = options;
  const statusId = (label: string) => world.org.statuses[label.replace(/ /g, '_')]!;
  const codes = { lunch: { id: world.codes.Lunch!, name: 'Lunch' }, break: { id: world.codes.Break!, name: 'Break' } };
  // The demo rule's rows, written out as a table.
  const toSalesforce = (state: AcdState): string | undefined => {
    if (state.kind === 'Available') return statusId(STATUS_LABELS.available);
    if (state.kind === 'Unavailable' && state.code?.id === codes.lunch.id) return statusId(STATUS_LABELS.busy);
    if (state.kind === 'Unavailable' && state.code?.id === codes.break.id) return statusId(STATUS_LABELS.break);
    return undefined;
  };
  const toCxone = (id: string): AcdState | undefined => {
    if (sameId(id, statusId(STATUS_LABELS.busy))) return unavailable(codes.lunch);
    if (sameId(id, statusId(STATUS_LABELS.break))) return unavailable(codes.break);
    if (sameId(id, statusId(STATUS_LABELS.available))) return AVAILABLE;
    return undefined;
  };
  const cxoneKey = (state: AcdState) => (state.kind === 'Unavailable' ? `U:${state.code?.id ?? ''}` : state.kind);

  const agentBySfUser = new Map(world.agents.map((a) => [world.org.users[a.sfUsername]!.slice(0, 15), String(a.cxoneAgentId)]));
  const wroteCxone = new Map<string, string>();
  let hubAdded: number[] = [];
  const bridgeSecret = generateBridgeSecret();

  const connector: CxoneConnector = createCxoneConnector({
    connections: {
      get: async () => ({ tenantId: world.cxoneTenantId, clientId: world.cxoneApp.clientId, clientSecret: world.cxoneApp.clientSecret, accessKeyId: world.accessKey.accessKeyId, accessKeySecret: world.accessKey.accessKeySecret, issuer: world.cxone.url }),
    },
  });

  const bridge = createBridgeHub({
    secrets: { lookup: () => bridgeSecret },
    links: { resolve: (_org, sfUserId) => agentBySfUser.get(sfUserId.slice(0, 15)) },
    sink: async (event: BridgeEvent) => {
      const receivedAt = performance.now();
      // A toolkit change is the forwarder's own write coming back (only it drives the toolkit).
      if (event.observation.side !== 'salesforce' || event.observation.presence.kind !== 'Status' || event.origin === 'console_connected' || event.origin === 'console_toolkit') return;
      const id = event.observation.presence.statusId;
      const state = toCxone(id);
      if (!state) return;
      wroteCxone.set(event.agentId, cxoneKey(state));
      hubAdded.push(performance.now() - receivedAt);
      void connector.writer.setAgentState(TENANT, event.agentId, state);
    },
  });
  const app = Fastify();
  await app.register(bridgePlugin, { hub: bridge });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };

  const start = await connector.client(TENANT).agentStates();
  if (!start.ok || !start.value.lastPollTime) throw new Error('the forwarder could not read the CXone states feed');
  let checkpoint: string = start.value.lastPollTime;
  const poller = connector.statePoller(TENANT, {
    checkpoints: { get: async () => checkpoint },
    intervalMs: options.cxonePollIntervalMs,
    sink: async (events, next) => {
      for (const event of events) {
        const receivedAt = performance.now();
        const state = event.observation.side === 'cxone' ? event.observation.state : undefined;
        if (!state) continue;
        if (wroteCxone.get(event.agentId) === cxoneKey(state)) {
          wroteCxone.delete(event.agentId);
          continue;
        }
        const target = toSalesforce(state);
        if (!target) continue;
        hubAdded.push(performance.now() - receivedAt);
        void bridge.sendSetStatus(event.agentId, status(target), { intentId: `f${event.at}`, timeoutMs: 30_000 });
      }
      checkpoint = next;
    },
  });
  poller.start();

  return {
    bridgeUrl: `ws://127.0.0.1:${port}/bridge`,
    bridgeSecret,
    bridge,
    takeHubAdded() {
      const taken = hubAdded;
      hubAdded = [];
      return taken;
    },
    async close() {
      await poller.stop();
      await bridge.close();
      await app.close();
    },
  };
}
