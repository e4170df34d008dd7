import { afterAll, describe, expect, it } from 'vitest';
import { createSqlPrincipalStore, type PrincipalStore } from '../../src/api/index.ts';
import { PostgresTestSchema, postgresAvailable } from '../../src/store/test-support/postgres.ts';
import { migrateToLatest, openDatabase, type Database } from '../../src/store/index.ts';

const available = await postgresAvailable();
const schema = new PostgresTestSchema();
afterAll(async () => {
  if (available.ok) await schema.drop();
});

const engines: { name: string; open: () => Promise<Database> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const database = await openDatabase({ url: ':memory:' });
      await migrateToLatest(database);
      return database;
    },
  },
];
// PostgreSQL runs where it is reachable (CI has it; the store's own suite insists on it there).
if (available.ok) engines.push({ name: 'PostgreSQL', open: async () => (await schema.open()).database });

describe('principal store on a database that was never migrated', () => {
  it('refuses to start, naming the missing table and "presence-sync migrate", and creates nothing', async () => {
    const database = await openDatabase({ url: ':memory:' });
    try {
      const check = createSqlPrincipalStore(database).checkSchema();
      await expect(check).rejects.toMatchObject({ code: 'PSYNC_API_SCHEMA_MISSING', details: { table: 'api_user' } });
      await expect(check).rejects.toThrow(/presence-sync migrate/);
      await migrateToLatest(database);
      await expect(createSqlPrincipalStore(database).checkSchema()).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });
});

describe.each(engines)('principal store on $name', ({ open }) => {
  it('keeps users, sessions, tokens and idempotency records in its own tables', async () => {
    const database = await open();
    try {
      const store: PrincipalStore = createSqlPrincipalStore(database);
      await store.checkSchema();
      expect(await store.countUsers()).toBe(0);
      const user = await store.createUser({ id: 'u1', username: 'ann', displayName: 'Ann', passwordHash: 'scrypt$x', permissions: ['rule_view'], createdAt: 1 });
      expect(user).toMatchObject({ id: 'u1', permissions: ['rule_view'], disabled: false, lockedUntil: null });
      expect(user).not.toHaveProperty('passwordHash');
      expect(await store.createUser({ id: 'u2', username: 'ann', displayName: 'Ann', passwordHash: 'h', permissions: [], createdAt: 1 })).toBeUndefined();
      expect(await store.countUsers()).toBe(1);
      expect((await store.updateUser('u1', { failedLogins: 3, lockedUntil: 99, disabled: true }, 5))).toMatchObject({ failedLogins: 3, lockedUntil: 99, disabled: true, updatedAt: 5 });
      expect((await store.userByUsername('ann'))?.passwordHash).toBe('scrypt$x');

      await store.createSession({ idHash: 'h1', userId: 'u1', csrfToken: 'c', createdAt: 1, expiresAt: 2 });
      expect(await store.session('h1')).toEqual({ idHash: 'h1', userId: 'u1', csrfToken: 'c', createdAt: 1, expiresAt: 2 });
      await store.createSession({ idHash: 'h2', userId: 'u1', csrfToken: 'c', createdAt: 1, expiresAt: 50 });
      expect(await store.removeExpiredSessions(2)).toBe(1);
      expect(await store.session('h1')).toBeUndefined();
      await store.removeUserSessions('u1');
      expect(await store.session('h2')).toBeUndefined();

      await store.createToken({ id: 't1', name: 'ci', tokenHash: 'th', permissions: ['audit_view'], createdBy: 'ann', createdAt: 1, expiresAt: null, revokedAt: null, lastUsedAt: null });
      await store.touchToken('t1', 7);
      expect(await store.tokenByHash('th')).toMatchObject({ id: 't1', lastUsedAt: 7, revokedAt: null });
      expect(await store.revokeToken('t1', 8)).toBe(true);
      expect(await store.revokeToken('t1', 9)).toBe(false);
      expect((await store.listTokens())[0]?.revokedAt).toBe(8);

      const record = { route: 'POST /x', bodyHash: 'b', status: 201, response: '{}' };
      expect(await store.saveIdempotency('user:u1', 'k', record, 10)).toBe(true);
      expect(await store.saveIdempotency('user:u1', 'k', record, 11)).toBe(false);
      expect(await store.idempotency('user:u1', 'k')).toEqual(record);
      expect(await store.idempotency('token:t1', 'k')).toBeUndefined();
      expect(await store.pruneIdempotency(11)).toBe(1);

      expect(await store.removeUser('u1')).toBe(true);
      expect(await store.removeUser('u1')).toBe(false);
      expect(await store.listUsers()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
