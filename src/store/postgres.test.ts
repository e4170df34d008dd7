import { describe, it } from 'vitest';
import { PostgresTestSchema, postgresAvailable, POSTGRES_URL } from './test-support/postgres.ts';
import { describeStoreContract } from './test-support/store-contract.ts';
import { redactUrl } from './errors.ts';

const available = await postgresAvailable();

if (available.ok) {
  const schema = new PostgresTestSchema();
  describeStoreContract('PostgreSQL', () => schema.open(), () => schema.drop());
} else if (process.env.CI) {
  describe('store contract on PostgreSQL', () => {
    it('needs a PostgreSQL server in CI', () => {
      throw new Error(`PostgreSQL at ${redactUrl(POSTGRES_URL)} is unreachable (${available.reason}); CI must run the PostgreSQL store suite. Start the server or set DATABASE_URL.`);
    });
  });
} else {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the PostgreSQL store contract suite. PostgreSQL at ${redactUrl(POSTGRES_URL)} is unreachable\n!! (${available.reason}).\n!! Start a server (or set DATABASE_URL) to run it; CI never skips it.\n${'!'.repeat(78)}\n`,
  );
  describe.skip('store contract on PostgreSQL (server unreachable)', () => {
    it('skipped', () => {});
  });
}
