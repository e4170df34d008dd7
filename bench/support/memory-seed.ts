/**
 * Child process of the memory benchmark: writes a tenant with `agents` linked agents (CXone users,
 * Salesforce users, links, a rule assigned to their team) into the hub's SQLite file in `dataDir`,
 * with presence sync still off, then exits, so none of the seeding's garbage is in the measured process.
 * Usage: `node --import tsx bench/support/memory-seed.ts <dataDir> <agents>`.
 */
import { loadConfig } from '../../src/config/index.ts';
import { createStore, migrateToLatest, openDatabase } from '../../src/store/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH, RULE } from '../../src/store/test-support/fixtures.ts';

export const MEMORY_TENANT = 'memory';

const [dataDir, count] = process.argv.slice(2);
const agents = Number(count);
if (!dataDir || !Number.isInteger(agents) || agents < 0) throw new Error('usage: memory-seed.ts <dataDir> <agents>');

const config = loadConfig({ env: { PRESENCE_SYNC_DATA_DIR: dataDir, LOG_LEVEL: 'error' }, mode: 'demo' });
if (config.database.kind !== 'sqlite' || !config.masterKey) throw new Error('expected the demo defaults: SQLite and a master key file');
const database = await openDatabase({ url: config.database.file });
await migrateToLatest(database);
const store = createStore(database, { cipher: config.masterKey.keyRing });
await store.tenants.upsert({ id: MEMORY_TENANT, name: 'Memory bench' });
await store.tenants.setSwitches(MEMORY_TENANT, { salesforceAdapter: true, presenceSync: false });
const ids = Array.from({ length: agents }, (_, i) => String(100_000 + i));
const sfId = (i: number) => `005xx${String(i).padStart(10, '0')}AAA`;
await store.cxone.replaceSnapshot(MEMORY_TENANT, {
  users: ids.map((id, i) => ({ id, firstName: `Agent${i}`, lastName: 'Idle', email: `agent${i}@memory.example`, username: `agent${i}@memory.example`, federationId: null, teamId: 'team-1', active: true })),
  teams: [{ id: 'team-1', name: 'Voice', active: true }],
  codes: [{ ...LUNCH, active: true }],
  teamCodes: [{ teamId: 'team-1', codeId: LUNCH.id }],
});
await store.salesforce.replaceSnapshot(MEMORY_TENANT, {
  users: ids.map((_, i) => ({ id: sfId(i), username: `agent${i}@memory.example`, email: `agent${i}@memory.example`, federationId: null, name: `Agent${i} Idle`, profileId: null, permissionSetIds: [], active: true })),
  statuses: [AVAILABLE_FOR_CHATS, BUSY],
});
// Links in bulk (seeding is not what is measured); the same rows `store.links.set` writes.
const now = Date.now();
await database.db.transaction().execute(async (trx) => {
  for (let i = 0; i < agents; i += 500) {
    const rows = ids.slice(i, i + 500).map((id, j) => ({ tenant_id: MEMORY_TENANT, acd_user_id: id, sf_user_id: sfId(i + j), matched_by: 'email', updated_at: now }));
    await trx.insertInto('agent_link').values(rows).execute();
  }
});
await store.rules.save(MEMORY_TENANT, RULE);
await store.rules.assign(MEMORY_TENANT, RULE.id, { teamIds: ['team-1'], userIds: [] });
await store.close();
