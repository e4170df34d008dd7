import { z } from 'zod';
import { parseOrgId } from '../../domain/index.ts';
import { idSchema, problemSchema, timestamp } from './common.ts';
import { cxoneFields, cxoneGroupProblems, cxoneReportSchema } from './cxone-connection.ts';
import { AUTH_FLOWS, authFlowSchema, flowFieldProblems, salesforceCredentialFields } from './salesforce-login.ts';

export { AUTH_FLOWS, authFlowSchema };

export const platformSchema = z.enum(['production', 'sandbox', 'hyperforce']).describe('Salesforce platform version: production, sandbox or Hyperforce.');

export const orgIdSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseOrgId(value);
    if (!parsed.ok) for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem.message, params: { psyncCode: problem.code } });
  })
  .describe('Setup → Company Information → Salesforce.com Organization ID: 15 characters starting with 00D (the 18-character form is accepted too).');

/** Step 3 of the wizard: the Salesforce environment form, every field checked on its own. */
export const environmentFields = {
  accessKeyUser: z.string().trim().min(1, 'Choose the access key user (step 1).').max(128).describe('The CXone user whose access key the hub uses (step 1).'),
  platform: platformSchema,
  environmentName: z.string().trim().min(1, 'Name the Salesforce environment.').max(80, 'At most 80 characters.'),
  orgId: orgIdSchema,
  loginUrl: z
    .url({ protocol: /^https?$/, message: 'Type the login URL as https://login.salesforce.com, https://test.salesforce.com or your My Domain URL.' })
    .optional()
    .describe('Default: login.salesforce.com for production, test.salesforce.com for a sandbox. Hyperforce and the client credentials flow need the My Domain URL.'),
  ...salesforceCredentialFields,
  adminEmail: z.email('Type the e-mail address of the Salesforce admin account.').describe('E-mail of the Salesforce admin account.'),
  ...cxoneFields,
};

type Issue = { readonly path: string; readonly message: string };
const addAll = (ctx: z.RefinementCtx, issues: readonly Issue[]) => {
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
};

export const environmentForm = z
  .object({ id: idSchema.optional().describe('Default: a new id.'), authFlow: authFlowSchema.default('username_password'), ...environmentFields })
  .superRefine((form, ctx) => {
    if (form.platform === 'hyperforce' && form.loginUrl === undefined) ctx.addIssue({ code: 'custom', path: ['loginUrl'], message: 'A Hyperforce org is reached through its My Domain URL (https://<your domain>.my.salesforce.com); copy it from Setup → My Domain.' });
    addAll(ctx, flowFieldProblems(form.authFlow, form, { loginUrlGiven: form.loginUrl !== undefined }));
    addAll(ctx, cxoneGroupProblems(form));
  });

/** PATCH: any field; the route checks the merged result per flow (a secret not given keeps its stored value). */
export const environmentChange = z
  .object({
    authFlow: authFlowSchema.optional(),
    ...(Object.fromEntries(Object.entries(environmentFields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as { [K in keyof typeof environmentFields]: z.ZodOptional<(typeof environmentFields)[K]> }),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Name at least one field to change.');

export const accountMappingSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    accessKeyUser: z.string(),
    platform: platformSchema,
    environmentName: z.string(),
    orgId: z.string().describe('18 characters.'),
    authFlow: authFlowSchema,
    loginUrl: z.string(),
    instanceUrl: z.string().nullable(),
    sfClientId: z.string().nullable(),
    sfUsername: z.string().nullable(),
    cxoneAccessKeyId: z.string().nullable(),
    cxoneClientId: z.string().nullable().describe("The CXone application's client id."),
    cxoneIssuer: z.string().nullable().describe('The CXone issuer; null: the commercial cloud.'),
    cxoneTenantId: z.string().nullable().describe("CXone's tenant id; null: taken from the access token."),
    status: z
      .enum(['draft', 'verified', 'failed', 'disabled'])
      .describe('draft: registered, not yet selected and saved; verified: the environment in use; disabled: replaced by another; failed: not registered (for the web-server flow: not connected to Salesforce yet).'),
    statusDetail: z.string().nullable(),
    secretsSet: z
      .object({ cxoneAccessKeySecret: z.boolean(), cxoneClientSecret: z.boolean(), sfClientSecret: z.boolean(), sfPrivateKey: z.boolean(), sfRefreshToken: z.boolean(), sfPassword: z.boolean() })
      .describe('Which secrets are stored; their values are never returned.'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'AccountMapping' });

export const registrationSchema = z
  .object({ organizationId: z.string(), organizationName: z.string(), instanceUrl: z.string(), loginUrl: z.string(), isSandbox: z.boolean(), hyperforce: z.boolean(), notes: z.array(problemSchema) })
  .meta({ id: 'Registration', description: 'What Map and register found: the org it logged in to.' });

/**
 * Every call that answers one account mapping (GET, Map and register, PATCH, save) answers this
 * shape; Map and register and PATCH add what logging in reached.
 */
export const mappingResponse = z
  .object({
    mapping: accountMappingSchema,
    registration: registrationSchema.nullable().optional().describe('Map and register and PATCH only: null for the web-server flow until "Connect to Salesforce" has run.'),
    cxone: cxoneReportSchema.nullable().optional().describe('Map and register and PATCH only: what the CXone check reached; null when the form had no CXone application.'),
    next: z.string().optional().describe('What to do next, when the mapping is not registered yet.'),
  })
  .meta({ id: 'AccountMappingResponse' });
export const mappingParams = z.object({ tenantId: idSchema, mappingId: idSchema });
export const validateResponse = z.object({ valid: z.literal(true), orgId: z.string().describe('The 18-character form.'), loginUrl: z.string() });
export const accessKeyUsersResponse = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), username: z.string().nullable(), active: z.boolean() })),
  hint: z.string().optional(),
});
