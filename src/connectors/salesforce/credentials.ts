/**
 * Credentials for each OAuth flow, as plain objects: the caller reads them from the encrypted
 * store and decrypts them; the connector never persists or logs them.
 */
export type SalesforceFlow = 'password' | 'web_server' | 'client_credentials' | 'jwt_bearer';

interface CommonCredentials {
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or the org's My Domain URL. */
  readonly loginUrl: string;
  /** The connected app's consumer key. */
  readonly clientId: string;
}

/** Username-password flow (M3.2): the security token is appended unless the profile's login IP range covers the hub. */
export interface PasswordCredentials extends CommonCredentials {
  readonly flow: 'password';
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
  readonly securityToken?: string;
}

/** Web-server flow: what remains after the administrator authorised the app once (see `web-server-flow.ts`). */
export interface WebServerCredentials extends CommonCredentials {
  readonly flow: 'web_server';
  /** Absent when the app does not require the secret for the refresh-token flow. */
  readonly clientSecret?: string;
  readonly refreshToken: string;
}

/** Client credentials flow: the app's run-as user; Salesforce wants the My Domain URL as `loginUrl`. */
export interface ClientCredentials extends CommonCredentials {
  readonly flow: 'client_credentials';
  readonly clientSecret: string;
}

/** JWT bearer flow: an RS256 assertion signed with the key whose certificate is on the app. */
export interface JwtBearerCredentials extends CommonCredentials {
  readonly flow: 'jwt_bearer';
  readonly username: string;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly privateKeyPem: string;
  /** Defaults to the login host (see `defaultJwtAudience`). */
  readonly audience?: string;
}

export type SalesforceCredentials = PasswordCredentials | WebServerCredentials | ClientCredentials | JwtBearerCredentials;

/** Flows that can get a new token without a person: all of ours (the web-server flow through its refresh token). */
export const FLOW_LABEL: Readonly<Record<SalesforceFlow, string>> = {
  password: 'OAuth username-password flow',
  web_server: 'OAuth web-server flow (refresh token)',
  client_credentials: 'OAuth client credentials flow',
  jwt_bearer: 'OAuth JWT bearer flow',
};
