import { describe, it } from 'vitest';
import { redactUrl } from '../../src/store/index.ts';
import { PostgresTestSchema, postgresAvailable, POSTGRES_URL } from '../../src/store/test-support/postgres.ts';
import { describeEngineSuite } from './support/engine-suite.ts';

const available = await postgresAvailable();

if (available.ok) {
  const schema = new PostgresTestSchema();
  describeEngineSuite('PostgreSQL', () => schema.open(), () => schema.drop());
} else if (process.env.CI) {
  describe('sync engine on PostgreSQL', () => {
    it('needs a PostgreSQL server in CI', () => {
      throw new Error(`PostgreSQL at ${redactUrl(POSTGRES_URL)} is unreachable (${available.reason}); CI must run the engine suite on PostgreSQL. Start the server or set DATABASE_URL.`);
    });
  });
} else {
  console.warn(`SKIPPED: the engine suite on PostgreSQL; ${redactUrl(POSTGRES_URL)} is unreachable (${available.reason}).`);
  describe.skip('sync engine on PostgreSQL (server unreachable)', () => {
    it('skipped', () => {});
  });
}
