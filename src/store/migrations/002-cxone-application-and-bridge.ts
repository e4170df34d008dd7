import type { Kysely, Migration } from 'kysely';

/**
 * An account mapping also holds the CXone side of the connection (the registered application's
 * client and, where it is not the commercial cloud or is the emulator, the issuer and tenant) and
 * the per-org secret that signs console bridge tokens.
 */
export const cxoneApplicationAndBridge: Migration = {
  async up(db: Kysely<unknown>) {
    for (const column of ['cxone_client_id', 'cxone_client_secret', 'cxone_issuer', 'cxone_tenant_id', 'bridge_secret']) {
      await db.schema.alterTable('account_mapping').addColumn(column, 'text').execute();
    }
  },
  async down(db: Kysely<unknown>) {
    for (const column of ['cxone_client_id', 'cxone_client_secret', 'cxone_issuer', 'cxone_tenant_id', 'bridge_secret']) {
      await db.schema.alterTable('account_mapping').dropColumn(column).execute();
    }
  },
};
