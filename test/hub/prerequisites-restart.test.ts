/**
 * An agent whose Salesforce user fails the M1.2 prerequisites is not synced, and stays so after the
 * hub restarts (and on any other instance): the last org check is kept in the store, not only in
 * the memory of the instance that ran it.
 */
import { afterAll, expect, it } from 'vitest';
import { PREREQUISITES } from '../../demo/seed-hub.ts';
import type { DemoWorld } from '../../demo/demo-world.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { DEMO_TENANT, hubConfig, startE2e, type E2e } from '../e2e/support/e2e-hub.ts';

let e2e: E2e | undefined;
let restarted: Hub | undefined;

afterAll(async () => {
  await restarted?.stop().catch(() => undefined);
  await e2e?.close();
});

it('keeps an agent failing the prerequisites unsynced after a restart', { timeout: 60_000 }, async () => {
  let agentId = '';
  let username = '';
  const addAgentWithoutPermissionSet = (world: DemoWorld) => {
    const cx = world.cxone.control;
    username = 'nopermset@demo.example';
    const { agent } = cx.createUser(world.cxoneTenantId, { teamId: cx.agent(world.agents[0]!.cxoneAgentId).teamId, firstName: 'Nopermset', lastName: 'Agent', emailAddress: username, userName: username });
    agentId = String(agent.agentId);
    world.salesforce.control.addUser(world.org.id, {
      username, password: 'agent-password', firstName: 'Nopermset', lastName: 'Agent', email: username, profile: 'Contact Center Agent',
      serviceCloudUser: true, lightning: true, permissionSets: [], packageLicenses: [PREREQUISITES.packageNamespace],
    });
  };
  e2e = await startE2e({ agents: 1, beforeSeed: addAgentWithoutPermissionSet });
  const sfUserId = e2e.world.salesforce.control.describeOrg(e2e.world.org.id).users[username]!;
  expect(e2e.hub.prerequisites.of(DEMO_TENANT, sfUserId).map((p) => p.message).join(' ')).toMatch(/permission set/i);
  const dataDir = e2e.config.dataDir;
  await e2e.hub.stop();

  restarted = await startHub({ config: hubConfig(dataDir), logger: createLogger('silent'), deferSources: true });
  expect(restarted.prerequisites.of(DEMO_TENANT, sfUserId).map((p) => p.message).join(' ')).toMatch(/permission set/i);
  const result = await restarted.engine.ingest({
    tenantId: DEMO_TENANT,
    source: 'test',
    dedupKey: 'after-restart',
    event: { agentId, observation: { side: 'cxone', state: { kind: 'Available' } }, at: Date.now(), origin: 'cxone_feed' },
  });
  expect(result).toMatchObject({ status: 'applied', decision: { outcome: 'noop', reason: 'agent_not_syncable' } });
});
