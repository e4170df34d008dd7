/**
 * The Salesforce half of the account mapping form: the OAuth flow and each flow's fields. The
 * form is checked per flow, so that every missing or misplaced field gets its own message.
 */
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

export const AUTH_FLOWS = ['username_password', 'client_credentials', 'jwt_bearer', 'authorization_code'] as const;
export type AuthFlow = (typeof AUTH_FLOWS)[number];

export const authFlowSchema = z
  .enum(AUTH_FLOWS)
  .describe(
    'How the hub logs in to Salesforce: username_password (the brief\'s flow; being retired by Salesforce), client_credentials (the app\'s Run As user; needs the My Domain URL), jwt_bearer (username and the private key whose certificate is on the app) or authorization_code (web-server flow: "Connect to Salesforce" once in the browser, then a refresh token). Default username_password.',
  );

export const FLOW_NAME: Readonly<Record<AuthFlow, string>> = {
  username_password: 'The username-password flow',
  client_credentials: 'The client credentials flow',
  jwt_bearer: 'The JWT bearer flow',
  authorization_code: 'The web-server flow',
};

export type SalesforceField = 'clientId' | 'clientSecret' | 'username' | 'password' | 'privateKey';
export const SALESFORCE_FIELDS: readonly SalesforceField[] = ['clientId', 'clientSecret', 'username', 'password', 'privateKey'];
/** The secrets among them: write-only, kept when a change does not name them. */
export const SALESFORCE_SECRET_FIELDS: readonly SalesforceField[] = ['clientSecret', 'password', 'privateKey'];

/** Which fields each flow needs, and which it may take. */
export const FLOW_FIELDS: Readonly<Record<AuthFlow, { readonly required: readonly SalesforceField[]; readonly optional: readonly SalesforceField[] }>> = {
  username_password: { required: ['clientId', 'clientSecret', 'username', 'password'], optional: [] },
  client_credentials: { required: ['clientId', 'clientSecret'], optional: [] },
  jwt_bearer: { required: ['clientId', 'username', 'privateKey'], optional: [] },
  authorization_code: { required: ['clientId'], optional: ['clientSecret'] },
};

const NEEDED: Readonly<Record<SalesforceField, (flow: AuthFlow) => string>> = {
  clientId: () => 'Type the consumer key of the connected app (App Manager → the app → View → Manage Consumer Details).',
  clientSecret: (flow) => `${FLOW_NAME[flow]} needs the consumer secret of the connected app (App Manager → the app → View → Manage Consumer Details).`,
  username: (flow) =>
    flow === 'jwt_bearer'
      ? 'The JWT bearer flow needs the username of the integration user the hub logs in as (pre-authorised on the app).'
      : 'Type the Salesforce admin username (it looks like an e-mail address).',
  password: () => 'Type the password (with option 2 of the brief, followed directly by the security token).',
  privateKey: () => 'The JWT bearer flow needs the private key (PKCS#8 PEM, "-----BEGIN PRIVATE KEY-----") whose certificate is uploaded to the connected app.',
};

const WHAT: Readonly<Record<SalesforceField, string>> = {
  clientId: 'a consumer key',
  clientSecret: 'a consumer secret',
  username: 'a username',
  password: 'a password',
  privateKey: 'a private key',
};

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** The fields a flow needs that are missing. */
export function missingForFlow(flow: AuthFlow, present: (field: SalesforceField) => boolean, options: { readonly loginUrlGiven: boolean }): FieldIssue[] {
  const issues: FieldIssue[] = FLOW_FIELDS[flow].required.filter((f) => !present(f)).map((f) => ({ path: f, message: NEEDED[f](flow) }));
  if (flow === 'client_credentials' && !options.loginUrlGiven) {
    issues.push({ path: 'loginUrl', message: "The client credentials flow logs in at the org's My Domain URL (https://<your domain>.my.salesforce.com): copy it from Setup → My Domain." });
  }
  return issues;
}

/** Fields given that the flow does not use: refused, so that nothing typed is silently ignored. */
export function foreignToFlow(flow: AuthFlow, given: (field: SalesforceField) => boolean): FieldIssue[] {
  const takes = new Set([...FLOW_FIELDS[flow].required, ...FLOW_FIELDS[flow].optional]);
  return SALESFORCE_FIELDS.filter((f) => given(f) && !takes.has(f)).map((f) => ({ path: f, message: `${FLOW_NAME[flow]} uses no ${WHAT[f].replace(/^an? /, '')}: leave it out, or choose the flow that needs ${WHAT[f]}.` }));
}

export function flowFieldProblems(flow: AuthFlow, form: Partial<Record<SalesforceField, unknown>>, options: { readonly loginUrlGiven: boolean }): FieldIssue[] {
  const given = (f: SalesforceField) => form[f] !== undefined;
  return [...missingForFlow(flow, given, options), ...foreignToFlow(flow, given)];
}

/** Why a pasted key cannot sign the JWT bearer assertion, or undefined when it can. */
export function privateKeyProblem(pem: string): string | undefined {
  if (/-----BEGIN CERTIFICATE-----/.test(pem)) return 'This is a certificate: it goes on the connected app. Paste the private key that belongs to it ("-----BEGIN PRIVATE KEY-----").';
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) return 'This private key is encrypted with a passphrase; give it unencrypted: openssl pkcs8 -topk8 -nocrypt -in hub.key -out hub.pk8.key.';
  if (/-----BEGIN RSA PRIVATE KEY-----/.test(pem)) return 'This is a PKCS#1 key ("BEGIN RSA PRIVATE KEY"); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in hub.key -out hub.pk8.key.';
  if (!/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.test(pem)) return 'Paste the whole private key in PKCS#8 PEM form, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----".';
  try {
    const type = createPrivateKey(pem).asymmetricKeyType;
    if (type !== 'rsa') return `The JWT bearer flow signs with RS256, which needs an RSA key; this key is ${type ?? 'of another type'}. Make one with: openssl req -x509 -newkey rsa:2048 -nodes ...`;
  } catch {
    return 'The private key could not be read: copy it again in full, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----".';
  }
  return undefined;
}

const secret = (what: string, help: string) => z.string().min(1, `Type the ${what}.`).max(8192).describe(`${help} Write-only: stored encrypted, never returned.`);

/** The Salesforce credential fields; which ones a form needs depends on its `authFlow`. */
export const salesforceCredentialFields = {
  username: z.string().trim().min(3, 'Type the Salesforce username (it looks like an e-mail address).').max(255).optional().describe('username_password: the admin username; jwt_bearer: the integration user.'),
  password: secret('password', 'username_password only: the admin password; with option 2 of the brief, followed directly by the security token ("xyz" + "123" → "xyz123").').optional(),
  clientId: z.string().trim().min(1, 'Type the consumer key of the connected app.').max(255).optional().describe('The connected app’s consumer key (every flow).'),
  clientSecret: secret('client secret', 'The connected app’s consumer secret: username_password and client_credentials need it; authorization_code when the app requires it.').optional(),
  privateKey: secret('private key', 'jwt_bearer only: the RSA private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") whose certificate is uploaded to the connected app.')
    .superRefine((pem, ctx) => {
      const problem = privateKeyProblem(pem);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
};
