import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/** A Salesforce user's profile name (Profile.Name), so that the API can list profiles by name; null until the org is read again. */
export const salesforceProfileNames: Migration = {
  async up(db: Db) {
    await db.schema.alterTable('sf_user').addColumn('profile_name', 'text').execute();
  },
  async down(db: Db) {
    await db.schema.alterTable('sf_user').dropColumn('profile_name').execute();
  },
};
