import { parseOrgId, sameSalesforceId, type Problem, type Result } from '../../domain/index.ts';
import type { SalesforceCredentials } from './credentials.ts';
import { failure, toFailure, type SalesforceFailure } from './failure.ts';
import {
  classifyLoginUrl,
  isHyperforceInstance,
  SALESFORCE_LOGIN_HOSTS,
  type LoginHostKind,
  type LoginHosts,
  type SalesforcePlatform,
} from './login-hosts.ts';
import { queryAll } from './queries.ts';
import { flag, text } from './records.ts';
import { SalesforceSession } from './session.ts';
import type { TokenGrant } from './token-grant.ts';

export interface MapAndRegisterInput {
  readonly platform: SalesforcePlatform;
  /** What the administrator typed: 15 or 18 characters, `00D...`. */
  readonly organizationId: string;
  readonly credentials: SalesforceCredentials;
  /** Where the shared login hosts are (the emulator's in tests); default Salesforce's. */
  readonly loginHosts?: LoginHosts;
  readonly apiVersion?: string;
}

/** What "Map and register" keeps when everything matches. */
export interface RegisteredOrg {
  /** 18 characters. */
  readonly organizationId: string;
  readonly organizationName: string;
  readonly platform: SalesforcePlatform;
  readonly isSandbox: boolean;
  readonly instanceName?: string;
  readonly hyperforce: boolean;
  readonly instanceUrl: string;
  readonly loginUrl: string;
  /** The integration user the credentials log in as (18 characters). */
  readonly userId: string;
  /** Notes that are not mismatches (e.g. a production org that runs on Hyperforce). */
  readonly notes: readonly Problem[];
  /** REST calls it cost (token requests are not API calls). */
  readonly apiCalls: number;
  readonly tokenRequests: number;
}

const ORGANIZATION_SOQL = 'SELECT Id, Name, IsSandbox, InstanceName, OrganizationType FROM Organization';

/**
 * M4.2 "Map and register": checks the typed org ID and the login host against the platform before
 * any call, logs in with what was typed, reads the Organization (one API call), and reports success
 * or every mismatch with what to do. Nothing is stored here; the caller saves only on success.
 * The result carries no token: it may be shown to the administrator as it is.
 */
export async function mapAndRegister(input: MapAndRegisterInput): Promise<Result<RegisteredOrg>> {
  const typed = parseOrgId(input.organizationId);
  if (!typed.ok) return typed;
  const hosts = input.loginHosts ?? SALESFORCE_LOGIN_HOSTS;
  const hostKind = classifyLoginUrl(input.credentials.loginUrl, hosts);
  const hostProblem = loginHostMismatch(input.platform, hostKind, input.credentials.loginUrl, hosts);
  if (hostProblem) return { ok: false, problems: [hostProblem] };

  const session = new SalesforceSession({ credentials: input.credentials, ...(input.apiVersion ? { apiVersion: input.apiVersion } : {}) });
  let grant: TokenGrant;
  try {
    grant = await session.login();
  } catch (error) {
    return { ok: false, problems: [await explainLoginFailure(toFailure(error), input, hostKind, hosts)] };
  }

  let organization: Record<string, unknown> | undefined;
  try {
    organization = (await session.run((connection) => queryAll(connection, ORGANIZATION_SOQL)))[0];
  } catch (error) {
    return { ok: false, problems: [toFailure(error)] };
  }
  const reachedId = text(organization, 'Id') ?? grant.organizationId;
  const name = text(organization, 'Name') ?? reachedId;
  const isSandbox = flag(organization, 'IsSandbox');
  const instanceName = text(organization, 'InstanceName');
  const hyperforce = isHyperforceInstance(instanceName);

  const problems: SalesforceFailure[] = [];
  if (!sameSalesforceId(typed.value, reachedId)) {
    problems.push(
      failure('PSYNC_SF_ORG_MISMATCH', 'invalid', `You typed the organisation ID ${input.organizationId.trim()}, but these credentials log in to ${reachedId.slice(0, 15)} ("${name}"). Check the ID under Setup → Company Information, or use credentials of that org.`, {
        details: { typed: typed.value, reached: reachedId },
      }),
    );
  }
  const platformProblem = platformMismatch(input.platform, isSandbox, hyperforce, name);
  if (platformProblem) problems.push(platformProblem);
  if (problems.length > 0) return { ok: false, problems };

  const notes: Problem[] =
    input.platform === 'production' && hyperforce
      ? [{ code: 'PSYNC_SF_ORG_ON_HYPERFORCE', message: `"${name}" runs on Hyperforce (${instanceName}); production works, but you may choose Hyperforce with its My Domain URL.` }]
      : [];
  return {
    ok: true,
    value: {
      organizationId: reachedId.length === 18 ? reachedId : typed.value,
      organizationName: name,
      platform: input.platform,
      isSandbox,
      ...(instanceName !== undefined ? { instanceName } : {}),
      hyperforce,
      instanceUrl: grant.instanceUrl,
      loginUrl: input.credentials.loginUrl,
      userId: grant.userId,
      notes,
      apiCalls: session.apiCalls,
      tokenRequests: session.tokenRequests,
    },
  };
}

function loginHostMismatch(platform: SalesforcePlatform, kind: LoginHostKind, loginUrl: string, hosts: LoginHosts): SalesforceFailure | undefined {
  const wrong = (message: string) => failure('PSYNC_SF_WRONG_LOGIN_HOST', 'invalid', message, { details: { platform, loginUrl } });
  const sandboxHost = kind === 'sandbox_login' || kind === 'sandbox_my_domain';
  if (platform === 'sandbox' && !sandboxHost && kind !== 'my_domain') {
    return wrong(`A sandbox logs in at ${hosts.sandbox} or at its own My Domain URL, not at ${loginUrl}. Choose "production", or change the login URL.`);
  }
  if (platform !== 'sandbox' && sandboxHost) {
    return wrong(`${loginUrl} is a sandbox login URL, but you chose "${platform}". Choose "sandbox", or use ${platform === 'hyperforce' ? "the org's My Domain URL" : hosts.production}.`);
  }
  if (platform === 'hyperforce' && kind !== 'my_domain') {
    return wrong(`A Hyperforce org is reached through its My Domain URL (https://<your domain>.my.salesforce.com), not ${loginUrl}. Copy it from Setup → My Domain.`);
  }
  return undefined;
}

function platformMismatch(platform: SalesforcePlatform, isSandbox: boolean, hyperforce: boolean, name: string): SalesforceFailure | undefined {
  const mismatch = (message: string) => failure('PSYNC_SF_PLATFORM_MISMATCH', 'invalid', message, { details: { platform, isSandbox, hyperforce } });
  if (platform === 'sandbox' && !isSandbox) return mismatch(`"${name}" is a production org, but you chose "sandbox". Choose "production" (or "hyperforce").`);
  if (platform !== 'sandbox' && isSandbox) return mismatch(`"${name}" is a sandbox, but you chose "${platform}". Choose "sandbox" and log in at the sandbox login URL.`);
  if (platform === 'hyperforce' && !hyperforce) return mismatch(`"${name}" does not run on Hyperforce. Choose "production".`);
  return undefined;
}

/**
 * "authentication failure" at a shared host may mean the user lives behind the other one
 * (sandbox credentials at login.salesforce.com, or the reverse). One extra token request there
 * tells; it only happens after a failed login.
 */
async function explainLoginFailure(first: SalesforceFailure, input: MapAndRegisterInput, kind: LoginHostKind, hosts: LoginHosts): Promise<SalesforceFailure> {
  if (first.code !== 'PSYNC_SF_BAD_CREDENTIALS' || (kind !== 'production_login' && kind !== 'sandbox_login')) return first;
  if (input.credentials.flow !== 'password' && input.credentials.flow !== 'jwt_bearer') return first;
  const other = kind === 'production_login' ? hosts.sandbox : hosts.production;
  const probe = new SalesforceSession({ credentials: { ...input.credentials, loginUrl: other } });
  try {
    await probe.login();
  } catch {
    return first;
  }
  await probe.revoke();
  const actual = kind === 'production_login' ? 'a sandbox' : 'a production org';
  return failure('PSYNC_SF_WRONG_LOGIN_HOST', 'invalid', `These credentials belong to ${actual}: they work at ${other}, not at ${input.credentials.loginUrl}. Choose "${kind === 'production_login' ? 'sandbox' : 'production'}".`, {
    details: { loginUrl: input.credentials.loginUrl, worksAt: other },
  });
}
