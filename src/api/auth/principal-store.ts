/**
 * Console users, their sessions, API tokens and idempotency records, in the `api_*` tables of the
 * hub's database. The store's migrations create them (004-api-principals, `presence-sync migrate`);
 * this room only reads and writes them. Secrets are kept only as hashes.
 */
import { sql, type Kysely } from 'kysely';
import { StoreError, type Database } from '../../store/index.ts';
import type { Permission } from './permissions.ts';

interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  permissions: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}
interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}
interface TokenTable {
  id: string;
  name: string;
  token_hash: string;
  permissions: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}
interface IdempotencyTable {
  principal_id: string;
  idem_key: string;
  route: string;
  body_hash: string;
  status: number;
  response: string;
  created_at: number;
}
interface ApiTables {
  api_user: UserTable;
  api_session: SessionTable;
  api_token: TokenTable;
  api_idempotency: IdempotencyTable;
}

export interface ConsoleUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly permissions: readonly Permission[];
  readonly disabled: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}
export interface StoredUser extends ConsoleUser {
  readonly passwordHash: string;
}
export interface SessionRecord {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}
export interface IdempotencyRecord {
  readonly route: string;
  readonly bodyHash: string;
  readonly status: number;
  readonly response: string;
}

export interface UserChange {
  readonly displayName?: string;
  readonly permissions?: readonly Permission[];
  readonly disabled?: boolean;
  readonly passwordHash?: string;
  readonly failedLogins?: number;
  readonly lockedUntil?: number | null;
}

/** The port the API's principals live behind. */
export interface PrincipalStore {
  /** Fails with PSYNC_API_SCHEMA_MISSING when the store's migrations (004) have not run; creates nothing. */
  checkSchema(): Promise<void>;
  countUsers(): Promise<number>;
  /** Refused (returns undefined) when the username is taken. */
  createUser(user: Omit<StoredUser, 'failedLogins' | 'lockedUntil' | 'disabled' | 'updatedAt'>): Promise<ConsoleUser | undefined>;
  user(id: string): Promise<StoredUser | undefined>;
  userByUsername(username: string): Promise<StoredUser | undefined>;
  listUsers(): Promise<readonly ConsoleUser[]>;
  updateUser(id: string, change: UserChange, now: number): Promise<ConsoleUser | undefined>;
  removeUser(id: string): Promise<boolean>;
  createSession(session: SessionRecord): Promise<void>;
  session(idHash: string): Promise<SessionRecord | undefined>;
  removeSession(idHash: string): Promise<void>;
  removeUserSessions(userId: string): Promise<void>;
  /** Deletes sessions that ended before `now`; returns how many. */
  removeExpiredSessions(now: number): Promise<number>;
  createToken(token: ApiToken & { readonly tokenHash: string }): Promise<void>;
  tokenByHash(tokenHash: string): Promise<ApiToken | undefined>;
  listTokens(): Promise<readonly ApiToken[]>;
  revokeToken(id: string, now: number): Promise<boolean>;
  touchToken(id: string, now: number): Promise<void>;
  idempotency(principalId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** False when a record with the key exists already (a concurrent request won). */
  saveIdempotency(principalId: string, key: string, record: IdempotencyRecord, now: number): Promise<boolean>;
  pruneIdempotency(olderThan: number): Promise<number>;
}

const toUser = (row: UserTable): StoredUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  permissions: JSON.parse(row.permissions) as Permission[],
  disabled: row.disabled === 1,
  failedLogins: Number(row.failed_logins),
  lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export const publicUser = (user: StoredUser | ConsoleUser): ConsoleUser => {
  const { passwordHash: _omit, ...rest } = user as StoredUser;
  return rest;
};

const toToken = (row: TokenTable): ApiToken => ({
  id: row.id,
  name: row.name,
  permissions: JSON.parse(row.permissions) as Permission[],
  createdBy: row.created_by,
  createdAt: Number(row.created_at),
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
});

const API_TABLES = ['api_user', 'api_session', 'api_token', 'api_idempotency'] as const;

/** The principal store in the hub's database (SQLite or PostgreSQL), migrated by the store's migrations. */
export function createSqlPrincipalStore(database: Database): PrincipalStore {
  const db = database.db as unknown as Kysely<ApiTables>;
  const isUniqueViolation = (error: unknown) => /unique|duplicate key/i.test(String((error as Error).message));

  return {
    async checkSchema() {
      for (const table of API_TABLES) {
        try {
          await db.selectFrom(table).select(sql<number>`1`.as('one')).limit(1).execute();
        } catch (error) {
          if (!/no such table|does not exist/i.test(String((error as Error).message))) throw error;
          throw new StoreError(
            'PSYNC_API_SCHEMA_MISSING',
            `The database ${database.description} has no table ${table} for the admin API's users and tokens: its schema is older than this hub. Run "presence-sync migrate" (the hub's start does it too), then try again.`,
            { table },
          );
        }
      }
    },
    async countUsers() {
      const row = await db.selectFrom('api_user').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async createUser(user) {
      try {
        await db
          .insertInto('api_user')
          .values({
            id: user.id,
            username: user.username,
            display_name: user.displayName,
            password_hash: user.passwordHash,
            permissions: JSON.stringify(user.permissions),
            disabled: 0,
            failed_logins: 0,
            locked_until: null,
            created_at: user.createdAt,
            updated_at: user.createdAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
      const created = await this.user(user.id);
      return created && publicUser(created);
    },
    async user(id) {
      const row = await db.selectFrom('api_user').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async userByUsername(username) {
      const row = await db.selectFrom('api_user').selectAll().where('username', '=', username).executeTakeFirst();
      return row && toUser(row);
    },
    async listUsers() {
      const rows = await db.selectFrom('api_user').selectAll().orderBy('username').execute();
      return rows.map((row) => publicUser(toUser(row)));
    },
    async updateUser(id, change, now) {
      const values: Partial<UserTable> = { updated_at: now };
      if (change.displayName !== undefined) values.display_name = change.displayName;
      if (change.permissions !== undefined) values.permissions = JSON.stringify(change.permissions);
      if (change.disabled !== undefined) values.disabled = change.disabled ? 1 : 0;
      if (change.passwordHash !== undefined) values.password_hash = change.passwordHash;
      if (change.failedLogins !== undefined) values.failed_logins = change.failedLogins;
      if (change.lockedUntil !== undefined) values.locked_until = change.lockedUntil;
      await db.updateTable('api_user').set(values).where('id', '=', id).execute();
      const updated = await this.user(id);
      return updated && publicUser(updated);
    },
    async removeUser(id) {
      await db.deleteFrom('api_session').where('user_id', '=', id).execute();
      const result = await db.deleteFrom('api_user').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async createSession(session) {
      await db
        .insertInto('api_session')
        .values({ id_hash: session.idHash, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt })
        .execute();
    },
    async session(idHash) {
      const row = await db.selectFrom('api_session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return row && { idHash: row.id_hash, userId: row.user_id, csrfToken: row.csrf_token, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) };
    },
    async removeSession(idHash) {
      await db.deleteFrom('api_session').where('id_hash', '=', idHash).execute();
    },
    async removeUserSessions(userId) {
      await db.deleteFrom('api_session').where('user_id', '=', userId).execute();
    },
    async removeExpiredSessions(now) {
      const result = await db.deleteFrom('api_session').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async createToken(token) {
      await db
        .insertInto('api_token')
        .values({
          id: token.id,
          name: token.name,
          token_hash: token.tokenHash,
          permissions: JSON.stringify(token.permissions),
          created_by: token.createdBy,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          revoked_at: null,
          last_used_at: null,
        })
        .execute();
    },
    async tokenByHash(tokenHash) {
      const row = await db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toToken(row);
    },
    async listTokens() {
      return (await db.selectFrom('api_token').selectAll().orderBy('created_at').execute()).map(toToken);
    },
    async revokeToken(id, now) {
      const result = await db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async touchToken(id, now) {
      await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    async idempotency(principalId, key) {
      const row = await db.selectFrom('api_idempotency').selectAll().where('principal_id', '=', principalId).where('idem_key', '=', key).executeTakeFirst();
      return row && { route: row.route, bodyHash: row.body_hash, status: Number(row.status), response: row.response };
    },
    async saveIdempotency(principalId, key, record, now) {
      try {
        await db
          .insertInto('api_idempotency')
          .values({ principal_id: principalId, idem_key: key, route: record.route, body_hash: record.bodyHash, status: record.status, response: record.response, created_at: now })
          .execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async pruneIdempotency(olderThan) {
      const result = await db.deleteFrom('api_idempotency').where('created_at', '<', olderThan).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
