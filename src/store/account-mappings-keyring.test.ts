import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyRing, rotateAll } from '../secrets/index.ts';
import { migrateToLatest, openDatabase, type Database } from './database.ts';
import type { AccountMappingInput, Store } from './ports.ts';
import { createStore } from './store.ts';

const mapping: AccountMappingInput = {
  id: 'm1', tenantId: 't1', accessKeyUser: 'admin@cx', platform: 'production', environmentName: 'Prod', orgId: '00Dxx0000001gPFEAY',
  authFlow: 'jwt_bearer', loginUrl: 'https://login.salesforce.com', status: 'verified',
};

describe('account mapping secrets under the real key ring (SQLite)', () => {
  const oldKey = { id: 'k1', key: randomBytes(32) };
  const newKey = { id: 'k2', key: randomBytes(32) };
  let database: Database;
  let store: Store;

  beforeEach(async () => {
    database = await openDatabase({ url: ':memory:' });
    await migrateToLatest(database);
    store = createStore(database, { cipher: new KeyRing([oldKey]) });
    await store.tenants.upsert({ id: 't1', name: 'One' });
    await store.accountMappings.save(mapping, { sfPrivateKey: '-----BEGIN PRIVATE KEY-----', cxoneAccessKeySecret: 'cx-secret' });
    await store.accountMappings.save({ ...mapping, id: 'm2' }, { cxoneAccessKeySecret: 'other' });
  });
  afterEach(async () => {
    await database.close();
  });

  it('refuses a tampered envelope and one copied to another row, and keeps the stored value intact', async () => {
    const raw = await database.db.selectFrom('account_mapping').selectAll().where('id', '=', 'm1').executeTakeFirstOrThrow();
    const stored = raw.cxone_access_key_secret!;
    await database.db.updateTable('account_mapping').set({ cxone_access_key_secret: stored }).where('id', '=', 'm2').execute();
    await expect(store.accountMappings.revealSecrets('t1', 'm2')).rejects.toMatchObject({ name: 'SecretError' });

    const own = raw.sf_private_key!;
    const at = own.length - 10;
    const tampered = `${own.slice(0, at)}${own[at] === 'A' ? 'B' : 'A'}${own.slice(at + 1)}`;
    await database.db.updateTable('account_mapping').set({ sf_private_key: tampered }).where('id', '=', 'm1').execute();
    await expect(store.accountMappings.revealSecrets('t1', 'm1')).rejects.toMatchObject({ name: 'SecretError' });
    const after = await database.db.selectFrom('account_mapping').select('cxone_access_key_secret').where('id', '=', 'm1').executeTakeFirstOrThrow();
    expect(after.cxone_access_key_secret).toBe(stored);
  });

  it('rotates every secret to the newest key with rotateAll, and a second run rewrites nothing', async () => {
    const ring = new KeyRing([oldKey, newKey]);
    const write = async (row: { aad: Parameters<KeyRing['encrypt']>[1]; envelope: string }, next: string) => {
      expect(await store.accountMappings.replaceSecretEnvelope(row.aad, row.envelope, next)).toBe(true);
    };
    const report = await rotateAll(ring, await store.accountMappings.secretEnvelopes(), write);
    expect(report).toMatchObject({ examined: 3, rotated: 3, failures: [] });
    expect((await rotateAll(ring, await store.accountMappings.secretEnvelopes(), write)).rotated).toBe(0);

    const onlyNew = createStore(database, { cipher: new KeyRing([newKey]) });
    expect(await onlyNew.accountMappings.revealSecrets('t1', 'm1')).toEqual({ sfPrivateKey: '-----BEGIN PRIVATE KEY-----', cxoneAccessKeySecret: 'cx-secret' });
    expect(await onlyNew.accountMappings.revealSecrets('t1', 'm2')).toEqual({ cxoneAccessKeySecret: 'other' });
  });

  it('swaps an envelope only if it still holds the expected one', async () => {
    const [first] = await store.accountMappings.secretEnvelopes();
    expect(await store.accountMappings.replaceSecretEnvelope(first!.aad, 'not-what-is-stored', 'x')).toBe(false);
    expect(await store.accountMappings.replaceSecretEnvelope({ ...first!.aad, field: 'nope' }, first!.envelope, 'x')).toBe(false);
  });
});
