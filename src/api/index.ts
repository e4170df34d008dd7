export { registerAdminApi, declareRoutes, API_PREFIX, API_VERSION } from './plugin.ts';
export type { AdminApiDeps, ApiClock, ApiLogger, ConnectorHealth, CxoneGateway, LiveView, MapAndRegisterRequest, PrerequisiteReportRow, ProvisioningOutcome, RegisteredOrgSummary, SalesforceGateway, SecurityOptions, StatusToProvision } from './deps.ts';
export { createFirstAdministrator } from './auth/first-admin.ts';
export { createSqlPrincipalStore, type ApiToken, type ConsoleUser, type PrincipalStore } from './auth/principal-store.ts';
export { PERMISSIONS, PERMISSION_LABEL, type Permission } from './auth/permissions.ts';
export { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './auth/authenticator.ts';
export { ApiError } from './errors.ts';
export { buildOpenApiDocument } from './openapi.ts';
