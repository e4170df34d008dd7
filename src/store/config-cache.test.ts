import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigCache } from './config-cache.ts';
import { migrateToLatest, openDatabase, type Database } from './database.ts';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function open(): Promise<Database> {
  database = await openDatabase({ url: ':memory:' });
  await migrateToLatest(database);
  return database;
}

const bump = (db: Database) => db.db.insertInto('tenant').values({ id: `t${Math.random()}`, name: 'x', created_at: 1, updated_at: 1 }).execute();

describe('ConfigCache', () => {
  it('keeps what was read until any configuration table is written', async () => {
    const db = await open();
    const cache = new ConfigCache();
    let reads = 0;
    const load = async () => ++reads;
    expect(await (await cache.open(db.db)).get('k', load)).toBe(1);
    expect(await (await cache.open(db.db)).get('k', load)).toBe(1);
    await bump(db);
    expect(await (await cache.open(db.db)).get('k', load)).toBe(2);
  });

  it('keeps nothing read by a transaction that saw an older version than another one did', async () => {
    const db = await open();
    const cache = new ConfigCache();
    const early = await cache.open(db.db); // a slow transaction on PostgreSQL, before a rule was saved
    await bump(db);
    const late = await cache.open(db.db);
    expect(await early.get('rules', async () => 'old rules')).toBe('old rules');
    expect(await late.get('rules', async () => 'new rules')).toBe('new rules');
    expect(await (await cache.open(db.db)).get('rules', async () => 'read again')).toBe('new rules');

    // Overtaken while its read was on the way: what it read is not kept either.
    const slow = await cache.open(db.db);
    await bump(db);
    let release!: () => void;
    const reading = slow.get('codes', () => new Promise<string>((resolve) => (release = () => resolve('old codes'))));
    await cache.open(db.db);
    release();
    expect(await reading).toBe('old codes');
    expect(await (await cache.open(db.db)).get('codes', async () => 'new codes')).toBe('new codes');
  });

  it('reads the database every time when the version row is missing', async () => {
    const db = await open();
    await sql`delete from config_version`.execute(db.db);
    const cache = new ConfigCache();
    let reads = 0;
    await (await cache.open(db.db)).get('k', async () => ++reads);
    await (await cache.open(db.db)).get('k', async () => ++reads);
    expect(reads).toBe(2);
  });
});
