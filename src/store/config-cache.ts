import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Entries kept at most; past that everything goes (a tenant of 100,000 busy agents reloads as it goes). */
const MAX_ENTRIES = 200_000;

/**
 * What ingest read about tenants' configuration (switches, statuses and their access, rules, team
 * codes, each agent's CXone user and link), kept between transactions while `config_version`
 * (moved by a trigger on every write to those tables, migration 010) stays where it was.
 *
 * Each transaction reads the version first (`open`) and asks through the returned view. A newer
 * version drops everything. A transaction that saw an older version than the cache holds (another
 * one on PostgreSQL got there first) reads the database and keeps nothing, and so does one whose
 * version was overtaken before its read returned: nothing read under an older version is kept.
 */
export class ConfigCache {
  private version = -1;
  private readonly entries = new Map<string, unknown>();

  async open(trx: Kysely<DB>): Promise<ConfigView> {
    const row = (await sql<{ version: number | string }>`select version from config_version where id = 1`.execute(trx)).rows[0];
    const seen = row === undefined ? -1 : Number(row.version);
    if (seen > this.version) {
      this.entries.clear();
      this.version = seen;
    }
    return {
      get: async <T>(key: string, load: () => Promise<T>): Promise<T> => {
        if (seen < 0 || seen !== this.version) return load();
        if (this.entries.has(key)) return this.entries.get(key) as T;
        const value = await load();
        if (seen === this.version) {
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(key, value);
        }
        return value;
      },
    };
  }
}

export interface ConfigView {
  /** The value kept under `key` for the version this transaction saw, or what `load` reads. */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}
