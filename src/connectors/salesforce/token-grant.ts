import { toId18 } from '../../domain/index.ts';
import { failure, SalesforceError } from './failure.ts';

/** What a successful token request gives the hub. */
export interface TokenGrant {
  readonly accessToken: string;
  /** Where every API call goes (never hard-code instances: orgs move, e.g. to Hyperforce). */
  readonly instanceUrl: string;
  /** `https://<login host>/id/<orgId18>/<userId18>`. */
  readonly identityUrl: string;
  /** 18-character organisation ID from the identity URL. */
  readonly organizationId: string;
  /** 18-character ID of the user the token acts as. */
  readonly userId: string;
  /** When Salesforce issued it (epoch ms; Salesforce sends milliseconds although its docs say seconds). */
  readonly issuedAt: number;
  readonly scope?: string;
  /** Only from the web-server flow (and only when the app has the refresh_token scope). */
  readonly refreshToken?: string;
}

/** The token endpoint's JSON (the fields we use). */
export interface TokenResponseBody {
  readonly access_token?: unknown;
  readonly instance_url?: unknown;
  readonly id?: unknown;
  readonly issued_at?: unknown;
  readonly scope?: unknown;
  readonly refresh_token?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Validates a token response; a malformed one is a `PSYNC_SF_BAD_TOKEN_RESPONSE` (not Salesforce, or a proxy in between). */
export function parseTokenResponse(body: TokenResponseBody): TokenGrant {
  const accessToken = text(body.access_token);
  const instanceUrl = text(body.instance_url);
  const identityUrl = text(body.id);
  const ids = identityUrl === undefined ? undefined : parseIdentityUrl(identityUrl);
  if (accessToken === undefined || instanceUrl === undefined || identityUrl === undefined || ids === undefined) {
    throw new SalesforceError(
      failure('PSYNC_SF_BAD_TOKEN_RESPONSE', 'invalid', 'The login URL answered, but not like Salesforce (no access token, instance URL or identity URL). Check the login URL.'),
    );
  }
  const issued = Number(text(body.issued_at) ?? body.issued_at);
  const scope = text(body.scope);
  const refreshToken = text(body.refresh_token);
  return {
    accessToken,
    instanceUrl: instanceUrl.replace(/\/+$/, ''),
    identityUrl,
    organizationId: ids.organizationId,
    userId: ids.userId,
    issuedAt: Number.isFinite(issued) ? issued : 0,
    ...(scope !== undefined ? { scope } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
  };
}

/** `.../id/<orgId>/<userId>` → both IDs in 18-character form, or undefined. */
export function parseIdentityUrl(identityUrl: string): { organizationId: string; userId: string } | undefined {
  const match = /\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(identityUrl);
  if (!match?.[1] || !match[2]) return undefined;
  const org = toId18(match[1]);
  const user = toId18(match[2]);
  return org.ok && user.ok ? { organizationId: org.value, userId: user.value } : undefined;
}
