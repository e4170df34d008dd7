import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from './database.ts';
import { describeStoreContract } from './test-support/store-contract.ts';

describeStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'psync-store-'));
  const database = await openDatabase({ url: join(dir, 'hub.db') });
  await migrateToLatest(database);
  return {
    database,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
