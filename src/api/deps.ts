/**
 * What the admin API needs, as narrow ports. The store is used as it is; the connectors and the
 * engine are reached through the small gateways below so that the API stays testable and never
 * holds a connector's internals.
 */
import type { AdapterRule, Problem, Result } from '../domain/index.ts';
import type { CxoneSnapshotSummary, SalesforcePlatform, SalesforceSnapshotSummary, Store } from '../store/index.ts';
import type { PrincipalStore } from './auth/principal-store.ts';
import type { AllowedEndpoint } from '../config/endpoint-hosts.ts';

export interface ApiClock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface ApiLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

/** How the hub logs in to Salesforce: the account mapping's flow (the store's `authFlow`) and that flow's credentials. */
export type SalesforceLogin =
  | {
      readonly flow: 'username_password';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly username: string;
      /** With the security token appended when the org uses option 2 of the brief. */
      readonly password: string;
    }
  | { readonly flow: 'client_credentials'; readonly clientId: string; readonly clientSecret: string }
  | { readonly flow: 'jwt_bearer'; readonly clientId: string; readonly username: string; /** PKCS#8 PEM. */ readonly privateKey: string }
  | { readonly flow: 'authorization_code'; readonly clientId: string; readonly clientSecret?: string; readonly refreshToken: string };

/** What "Map and register" needs to log in; the API assembles it from the form and forgets the secrets after. */
export interface MapAndRegisterRequest {
  readonly platform: SalesforcePlatform;
  readonly organizationId: string;
  readonly loginUrl: string;
  readonly login: SalesforceLogin;
}

/** Step 1 of the web-server flow: where to send the administrator's browser. */
export interface AuthorizationStart {
  readonly loginUrl: string;
  readonly clientId: string;
  /** The hub's callback URL, registered on the connected app. */
  readonly redirectUri: string;
  readonly state: string;
}

/** Step 2: the code from the callback, exchanged for a refresh token. */
export interface AuthorizationCode {
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly redirectUri: string;
  readonly code: string;
  readonly codeVerifier: string;
}

export interface RegisteredOrgSummary {
  /** 18 characters. */
  readonly organizationId: string;
  readonly organizationName: string;
  readonly instanceUrl: string;
  readonly loginUrl: string;
  readonly isSandbox: boolean;
  readonly hyperforce: boolean;
  readonly notes: readonly Problem[];
}

/** One Salesforce user's M1.2 prerequisite checks. */
export interface PrerequisiteReportRow {
  readonly sfUserId: string;
  readonly username: string;
  readonly ok: boolean;
  readonly checks: readonly { readonly id: string; readonly ok: boolean; readonly message: string }[];
}

export interface StatusToProvision {
  readonly label: string;
  readonly developerName: string;
  readonly availability: 'online' | 'busy';
  readonly channels: readonly string[];
}

export interface ProvisioningOutcome {
  readonly items: readonly { readonly what: string; readonly outcome: 'created' | 'granted' | 'exists' | 'failed'; readonly message: string }[];
}

/** The Salesforce side as the API uses it (adapter: `salesforceGateway` over the connector). */
export interface SalesforceGateway {
  mapAndRegister(request: MapAndRegisterRequest): Promise<Result<RegisteredOrgSummary>>;
  /** The authorize URL (PKCE S256); keep `codeVerifier` on the server until the callback. */
  authorizationUrl(request: AuthorizationStart): { readonly url: string; readonly codeVerifier: string };
  /** Exchanges the callback's code; the refresh token is the web-server flow's credential from then on. */
  exchangeCode(request: AuthorizationCode): Promise<Result<{ readonly refreshToken: string }>>;
  /** Reads statuses, access and users of the mapping's org and stores them; answers what changed. */
  refreshOrg(tenantId: string, mappingId: string): Promise<Result<SalesforceSnapshotSummary>>;
  prerequisites(tenantId: string, mappingId: string): Promise<Result<readonly PrerequisiteReportRow[]>>;
  provisionStatuses(tenantId: string, mappingId: string, request: { readonly statuses: readonly StatusToProvision[]; readonly profileNames: readonly string[] }): Promise<Result<ProvisioningOutcome>>;
}

/** A CXone connection as typed in the account mapping, before it is stored. */
export interface CxoneConnectionCheck {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Default: the commercial cloud's. */
  readonly issuer?: string;
  readonly tenantId?: string;
}

export interface CxoneConnectionReport {
  readonly cxoneTenantId: string;
  readonly apiEndpoint: string;
  readonly issuer: string;
}

/** The CXone side as the API uses it: "Get CXone users" for the tenant's account mapping, and checking a connection before it is saved. */
export interface CxoneGateway {
  refreshDirectory(tenantId: string): Promise<Result<CxoneSnapshotSummary>>;
  /** CXone's own Presence Sync rule (NICE's format) for the org, through the tenant's saved connection. Absent where the hub has no CXone connector. */
  readAdapterRule?(tenantId: string, orgId: string): Promise<Result<{ readonly rule: AdapterRule; readonly partnerId: string }>>;
  /** Writes a rule in NICE's format to CXone's Presence Sync adapter for the org; answers what CXone held before. */
  pushAdapterRule?(tenantId: string, orgId: string, rule: AdapterRule): Promise<Result<{ readonly partnerId: string; readonly replaced: AdapterRule | null }>>;
  /** Signs in with the typed credentials (and asks discovery) without storing anything. */
  checkConnection(connection: CxoneConnectionCheck): Promise<Result<CxoneConnectionReport>>;
}

/** The live part of the engine and the bridge the API shows. */
export interface LiveView {
  /** CXone user ids whose Salesforce console is connected to this hub. */
  connectedAgents(tenantId: string): ReadonlySet<string>;
}

export interface ConnectorHealth {
  readonly name: string;
  readonly state: 'ok' | 'degraded' | 'down' | 'unknown';
  readonly detail?: string;
}

export interface SecurityOptions {
  /** Set the Secure flag on cookies: true behind https; 'auto' follows the request's protocol (default). */
  readonly secureCookies?: boolean | 'auto';
  /** Origins (scheme://host[:port]) allowed for cookie-authenticated writes besides the request's own host. */
  readonly allowedOrigins?: readonly string[];
  /** Default 12 hours. */
  readonly sessionTtlMs?: number;
  /** Failed logins before the account locks (default 5). */
  readonly maxFailedLogins?: number;
  /** How long an account stays locked for the address that failed (default 15 minutes; doubles with each lockout in a row, up to a day). */
  readonly lockoutMs?: number;
  /** Login attempts per client address per minute (default 20). */
  readonly loginAttemptsPerMinute?: number;
}

/** The alerts of the health checks, as the API uses them. */
export interface AlertGateway {
  /** Sends a test message through the channel now. */
  sendTest(tenantId: string, channelId: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }>;
}

export interface AdminApiDeps {
  readonly store: Store;
  readonly principals: PrincipalStore;
  readonly salesforce: SalesforceGateway;
  readonly cxone: CxoneGateway;
  readonly live?: LiveView;
  /** Absent on an instance that sends no alerts. */
  readonly alerts?: AlertGateway;
  /** The failing M1.2 prerequisites of a Salesforce user from the last org check (the engine's `prerequisiteProblems`), for the dry run and the board. */
  readonly prerequisiteProblems?: (tenantId: string, sfUserId: string) => readonly Problem[];
  /** Register `/healthz` and `/readyz` (default true; false when the hub serves its own). */
  readonly serveHealth?: boolean;
  /** The connectors' last known state, for `/readyz`. */
  readonly connectorHealth?: () => readonly ConnectorHealth[];
  readonly clock?: ApiClock;
  readonly logger?: ApiLogger;
  readonly security?: SecurityOptions;
  /**
   * The origin administrators' browsers reach the hub at (PRESENCE_SYNC_PUBLIC_URL), e.g. behind a
   * reverse proxy; the Salesforce callback URL is built from it. Unset: from the request.
   */
  readonly publicUrl?: string;
  /** Where the shared Salesforce login hosts are (the emulator's in tests); default Salesforce's. */
  readonly salesforceLoginHosts?: { readonly production: string; readonly sandbox: string };
  /**
   * Hosts besides Salesforce's and CXone's own that may receive a tenant's credentials
   * (PRESENCE_SYNC_ALLOWED_ENDPOINTS: the emulators, a private deployment). Set by the operator only.
   */
  readonly allowedEndpoints?: readonly AllowedEndpoint[];
  /** Ids of new records; default random UUIDs. */
  readonly newId?: () => string;
}
