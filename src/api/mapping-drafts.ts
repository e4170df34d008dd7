/**
 * An account mapping as Map and register needs it: the form of a new one, or a stored one merged
 * with a change (PATCH). Merging is per flow: a secret not given keeps its stored value, except when
 * the flow changes, which needs the new flow's secrets typed again.
 */
import type { z } from 'zod';
import { parseOrgId, sameSalesforceId } from '../domain/index.ts';
import type { AccountMapping, AccountSecretField, AccountSecrets, SalesforcePlatform } from '../store/index.ts';
import type { CxoneConnectionCheck, SalesforceLogin } from './deps.ts';
import type { environmentChange, environmentForm } from './schemas/account-mappings.ts';
import { sameIssuer, sameLoginUrl } from './endpoint-guard.ts';
import { CXONE_SECRET_FIELDS, cxoneGroupProblems, type CxoneField } from './schemas/cxone-connection.ts';
import { FLOW_FIELDS, FLOW_NAME, foreignToFlow, missingForFlow, SALESFORCE_SECRET_FIELDS, type AuthFlow, type FieldIssue, type SalesforceField } from './schemas/salesforce-login.ts';

export type EnvironmentForm = z.output<typeof environmentForm>;
export type EnvironmentChange = z.output<typeof environmentChange>;

export interface MappingDraft {
  readonly accessKeyUser: string;
  readonly platform: SalesforcePlatform;
  readonly environmentName: string;
  /** As typed (15 or 18 characters) or as stored. */
  readonly orgId: string;
  /** Undefined: the platform's shared login host. */
  readonly loginUrl?: string;
  readonly authFlow: AuthFlow;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly username?: string;
  readonly password?: string;
  readonly privateKey?: string;
  /** The web-server flow's credential, once "Connect to Salesforce" has run. */
  readonly refreshToken?: string;
  readonly cxone?: CxoneConnectionCheck;
}

const MOVED_LOGIN = 'The login URL changes: the stored secret is sent only to the URL it was saved with, so type it again in the same request.';
const MOVED_ISSUER = 'The CXone issuer changes: the stored secret is sent only to the issuer it was saved with, so type it again in the same request.';

type CxoneValues = Partial<Record<CxoneField, string | null | undefined>>;

function cxoneOf(v: CxoneValues): CxoneConnectionCheck | undefined {
  if (!v.cxoneClientId || !v.cxoneClientSecret || !v.cxoneAccessKeyId || !v.cxoneAccessKeySecret) return undefined;
  return {
    clientId: v.cxoneClientId,
    clientSecret: v.cxoneClientSecret,
    accessKeyId: v.cxoneAccessKeyId,
    accessKeySecret: v.cxoneAccessKeySecret,
    ...(v.cxoneIssuer ? { issuer: v.cxoneIssuer } : {}),
    ...(v.cxoneTenantId ? { tenantId: v.cxoneTenantId } : {}),
  };
}

/** A new mapping's form (already checked field by field, so the flow's fields are there). */
export function draftOfForm(form: EnvironmentForm): MappingDraft {
  const cxone = cxoneOf(form);
  return {
    accessKeyUser: form.accessKeyUser,
    platform: form.platform,
    environmentName: form.environmentName,
    orgId: form.orgId,
    ...(form.loginUrl !== undefined ? { loginUrl: form.loginUrl } : {}),
    authFlow: form.authFlow,
    clientId: form.clientId ?? '',
    ...definedOnly({ clientSecret: form.clientSecret, username: form.username, password: form.password, privateKey: form.privateKey }),
    ...(cxone ? { cxone } : {}),
  };
}

export interface MergedChange {
  readonly draft: MappingDraft;
  /** Field problems of the merged mapping; nothing may be saved while there are any. */
  readonly problems: readonly FieldIssue[];
  /**
   * The web-server flow must be authorised again (new flow, other connected app, org or login
   * host): the stored refresh token no longer fits, so the draft has none.
   */
  readonly reconnect: boolean;
  readonly cxoneChanged: boolean;
}

/** A stored mapping with a change applied. */
/**
 * A stored secret goes only to the endpoint it was saved with: when the change moves the login URL
 * (or the platform's default one) or the CXone issuer, the secrets bound to it must be typed again
 * in the same request, and the stored ones are not used.
 */
export function mergeChange(current: AccountMapping, secrets: AccountSecrets, body: EnvironmentChange, loginUrlFor: (platform: SalesforcePlatform, typed: string | undefined) => string): MergedChange {
  const flow: AuthFlow = body.authFlow ?? (current.authFlow as AuthFlow);
  const switching = flow !== current.authFlow;
  const takes = new Set<SalesforceField>([...FLOW_FIELDS[flow].required, ...FLOW_FIELDS[flow].optional]);
  const stored: Record<SalesforceField, string | undefined> = {
    clientId: current.sfClientId ?? undefined,
    clientSecret: secrets.sfClientSecret,
    username: current.sfUsername ?? undefined,
    password: secrets.sfPassword,
    privateKey: secrets.sfPrivateKey,
  };
  const platform = body.platform ?? current.platform;
  const loginUrl = body.loginUrl ?? (body.platform && body.platform !== current.platform ? undefined : current.loginUrl);
  const loginMoved = !sameLoginUrl(loginUrlFor(platform, loginUrl), current.loginUrl);
  const value = (f: SalesforceField): string | undefined => {
    if (body[f] !== undefined) return body[f];
    if (!takes.has(f)) return undefined;
    // A new flow gets its secrets typed: the previous flow's are not reused.
    if (switching && SALESFORCE_SECRET_FIELDS.includes(f)) return undefined;
    // Nor are stored secrets sent to a login URL other than the one they were saved with.
    if (loginMoved && SALESFORCE_SECRET_FIELDS.includes(f)) return undefined;
    return stored[f];
  };

  const problems: FieldIssue[] = [
    ...foreignToFlow(flow, (f) => body[f] !== undefined),
    ...missingForFlow(flow, (f) => value(f) !== undefined, { loginUrlGiven: loginUrl !== undefined }).map((issue) => {
      if (!SALESFORCE_SECRET_FIELDS.includes(issue.path as SalesforceField)) return issue;
      if (switching) return { ...issue, message: `${issue.message} Switching to ${FLOW_NAME[flow].replace(/^The /, 'the ')}: the previous flow's secrets are not reused.` };
      if (loginMoved) return { ...issue, message: `${issue.message} ${MOVED_LOGIN}` };
      return issue;
    }),
  ];
  if (platform === 'hyperforce' && loginUrl === undefined) problems.push({ path: 'loginUrl', message: 'A Hyperforce org is reached through its My Domain URL (https://<your domain>.my.salesforce.com); copy it from Setup → My Domain.' });

  const issuerMoved = body.cxoneIssuer !== undefined && !sameIssuer(body.cxoneIssuer, current.cxoneIssuer);
  const cx: CxoneValues = {
    cxoneClientId: body.cxoneClientId ?? current.cxoneClientId,
    cxoneClientSecret: body.cxoneClientSecret ?? (issuerMoved ? undefined : secrets.cxoneClientSecret),
    cxoneAccessKeyId: body.cxoneAccessKeyId ?? current.cxoneAccessKeyId,
    cxoneAccessKeySecret: body.cxoneAccessKeySecret ?? (issuerMoved ? undefined : secrets.cxoneAccessKeySecret),
    cxoneIssuer: body.cxoneIssuer ?? current.cxoneIssuer,
    cxoneTenantId: body.cxoneTenantId ?? current.cxoneTenantId,
  };
  problems.push(
    ...cxoneGroupProblems(cx, (f) => Boolean(cx[f])).map((issue) => (issuerMoved && CXONE_SECRET_FIELDS.includes(issue.path as CxoneField) ? { ...issue, message: `${issue.message} ${MOVED_ISSUER}` } : issue)),
  );

  const changed = (typed: string | undefined, was: string | null) => typed !== undefined && typed !== was;
  const orgChanged = body.orgId !== undefined && !sameSalesforceId(normalisedOrgId(body.orgId), current.orgId);
  const reconnect =
    flow === 'authorization_code' && (switching || loginMoved || changed(body.clientId, current.sfClientId) || changed(body.loginUrl, current.loginUrl) || changed(body.platform, current.platform) || orgChanged);

  const cxone = cxoneOf(cx);
  const draft: MappingDraft = {
    accessKeyUser: body.accessKeyUser ?? current.accessKeyUser,
    platform,
    environmentName: body.environmentName ?? current.environmentName,
    orgId: body.orgId ?? current.orgId,
    ...(loginUrl !== undefined ? { loginUrl } : {}),
    authFlow: flow,
    clientId: value('clientId') ?? '',
    ...definedOnly({ clientSecret: value('clientSecret'), username: value('username'), password: value('password'), privateKey: value('privateKey') }),
    ...(flow === 'authorization_code' && !reconnect && secrets.sfRefreshToken ? { refreshToken: secrets.sfRefreshToken } : {}),
    ...(cxone ? { cxone } : {}),
  };
  const cxoneChanged = (['cxoneClientId', 'cxoneClientSecret', 'cxoneAccessKeyId', 'cxoneAccessKeySecret', 'cxoneIssuer', 'cxoneTenantId'] as const).some((f) => body[f] !== undefined);
  return { draft, problems, reconnect, cxoneChanged };
}

/** How the draft logs in, or undefined for the web-server flow before "Connect to Salesforce". */
export function loginOf(draft: MappingDraft): SalesforceLogin | undefined {
  const { clientId } = draft;
  switch (draft.authFlow) {
    case 'username_password':
      return { flow: 'username_password', clientId, clientSecret: draft.clientSecret ?? '', username: draft.username ?? '', password: draft.password ?? '' };
    case 'client_credentials':
      return { flow: 'client_credentials', clientId, clientSecret: draft.clientSecret ?? '' };
    case 'jwt_bearer':
      return { flow: 'jwt_bearer', clientId, username: draft.username ?? '', privateKey: draft.privateKey ?? '' };
    case 'authorization_code':
      return draft.refreshToken === undefined ? undefined : { flow: 'authorization_code', clientId, refreshToken: draft.refreshToken, ...(draft.clientSecret !== undefined ? { clientSecret: draft.clientSecret } : {}) };
  }
}

/**
 * The secrets to write for a draft: each field set to the draft's value, or cleared (null) when the
 * flow does not use it, so that no stale credential of another flow stays stored.
 */
export function secretsOf(draft: MappingDraft): Partial<Record<AccountSecretField, string | null>> {
  return {
    sfClientSecret: draft.clientSecret ?? null,
    sfPassword: draft.authFlow === 'username_password' ? (draft.password ?? null) : null,
    sfPrivateKey: draft.authFlow === 'jwt_bearer' ? (draft.privateKey ?? null) : null,
    sfRefreshToken: draft.authFlow === 'authorization_code' ? (draft.refreshToken ?? null) : null,
    cxoneClientSecret: draft.cxone?.clientSecret ?? null,
    cxoneAccessKeySecret: draft.cxone?.accessKeySecret ?? null,
  };
}

export function normalisedOrgId(typed: string): string {
  const parsed = parseOrgId(typed);
  return parsed.ok ? parsed.value : typed;
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): Partial<{ [K in keyof T]: string }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: string }>;
}
