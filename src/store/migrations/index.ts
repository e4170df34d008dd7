import type { Migration, MigrationProvider } from 'kysely';
import { initialSchema } from './001-initial.ts';
import { cxoneApplicationAndBridge } from './002-cxone-application-and-bridge.ts';
import { leases } from './003-leases.ts';
import { apiPrincipals } from './004-api-principals.ts';
import { salesforceProfileNames } from './005-salesforce-profile-names.ts';
import { echoRecordedAt } from './006-echo-recorded-at.ts';
import { consoleSessions } from './007-console-sessions.ts';
import { prerequisiteProblems } from './009-prerequisite-problems.ts';
import { configVersion } from './010-config-version.ts';
import { pendingIntentIndex } from './008-pending-intent-index.ts';
import { tenantHealth } from './013-tenant-health.ts';
import { bridgeTokenUses } from './014-bridge-token-uses.ts';

/** Every migration, in order. Names sort in the order they must run; never rename one that has shipped. */
export const migrations: Readonly<Record<string, Migration>> = {
  '001-initial': initialSchema,
  '002-cxone-application-and-bridge': cxoneApplicationAndBridge,
  '003-leases': leases,
  '004-api-principals': apiPrincipals,
  '005-salesforce-profile-names': salesforceProfileNames,
  '006-echo-recorded-at': echoRecordedAt,
  '007-console-sessions': consoleSessions,
  '008-pending-intent-index': pendingIntentIndex,
  '009-prerequisite-problems': prerequisiteProblems,
  '010-config-version': configVersion,
  '013-tenant-health': tenantHealth,
  '014-bridge-token-uses': bridgeTokenUses,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
