export { SALESFORCE_API_VERSION, METADATA_API_VERSION } from './api-version.ts';
export { translateApiError, translateNetworkError, type ApiErrorResponse } from './api-errors.ts';
export type {
  SalesforceCredentials,
  SalesforceFlow,
  PasswordCredentials,
  WebServerCredentials,
  ClientCredentials,
  JwtBearerCredentials,
} from './credentials.ts';
export { FLOW_LABEL } from './credentials.ts';
export { SalesforceError, toFailure, type FailureKind, type SalesforceFailure } from './failure.ts';
export { defaultJwtAudience, signJwtAssertion } from './jwt-assertion.ts';
export { classifyLoginUrl, defaultLoginUrl, isHyperforceInstance, SALESFORCE_LOGIN_HOSTS, type LoginHosts, type SalesforcePlatform } from './login-hosts.ts';
export { translateTokenError } from './oauth-errors.ts';
export { mapAndRegister, type MapAndRegisterInput, type RegisteredOrg } from './org-registration.ts';
export { readOrgSnapshot, type OrgSnapshot } from './org-snapshot.ts';
export { decodeCheckpoint, encodeCheckpoint, type FeedCheckpoint } from './presence-delta.ts';
export {
  DEFAULT_FEED_INTERVAL_MS,
  SALESFORCE_PRESENCE_SOURCE,
  SalesforcePresenceFeed,
  type CheckpointPort,
  type PollResult,
  type PresenceFeedOptions,
  type SalesforcePresenceSink,
  type SalesforceServerEvent,
} from './presence-feed.ts';
export {
  evaluatePrerequisites,
  type PrerequisiteCheck,
  type PrerequisiteCheckId,
  type PrerequisiteConfig,
  type UserPrerequisiteReport,
} from './prerequisites.ts';
export { queryAll, queryMany, type QueryOptions } from './queries.ts';
export { SalesforceSession, type SalesforceSessionOptions } from './session.ts';
export { allowedStatusIds, type StatusAccess, type StatusAccessHolder } from './status-access.ts';
export type { ServiceChannel } from './statuses.ts';
export type { TokenGrant } from './token-grant.ts';
export { requestAccessToken } from './token-request.ts';
export { linkUsers, type CxoneUserRef, type LinkOverride, type LinkReport, type SalesforceUserRef, type UnlinkedUser, type UserLink } from './user-linking.ts';
export type { SalesforceUser } from './users.ts';
export { buildAuthorizationRequest, exchangeAuthorizationCode, DEFAULT_WEB_SERVER_SCOPES, type AuthorizationRequest } from './web-server-flow.ts';
export {
  profileMetadataName,
  provision,
  type AccessGrant,
  type ProvisioningItem,
  type ProvisioningReport,
  type ProvisioningRequest,
  type StatusRequest,
} from './provisioning.ts';
export { SalesforceSessionRegistry } from './session-registry.ts';
export { readStatusCatalog, type StatusCatalog } from './status-catalog.ts';
