import type { ApiServices } from '../services.ts';
import { accountMappingRoutes } from './account-mapping-routes.ts';
import { salesforceConnectRoutes } from './salesforce-connect-routes.ts';
import { directoryRoutes } from './directory-routes.ts';
import { ruleRoutes } from './rule-routes.ts';
import { cxoneRuleRoutes } from './cxone-rule-routes.ts';
import { salesforceDirectoryRoutes } from './salesforce-directory-routes.ts';
import { agentRoutes } from './agent-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { tenantRoutes } from './tenant-routes.ts';
import { tenantHealthRoutes } from './tenant-health-routes.ts';
import { alertRoutes } from './alert-routes.ts';
import { credentialExpiryRoutes } from './credential-expiry-routes.ts';
import { userRoutes } from './user-routes.ts';

/** Every resource of the API, in the brief's order after the session. */
export const ROUTE_MODULES: readonly ((services: ApiServices) => void)[] = [sessionRoutes, userRoutes, tenantRoutes, accountMappingRoutes, salesforceConnectRoutes, directoryRoutes, salesforceDirectoryRoutes, ruleRoutes, cxoneRuleRoutes, agentRoutes, auditRoutes, tenantHealthRoutes, alertRoutes, credentialExpiryRoutes];
