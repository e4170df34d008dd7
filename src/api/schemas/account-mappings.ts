import { z } from 'zod';
import { parseOrgId } from '../../domain/index.ts';
import { idSchema, problemSchema, timestamp } from './common.ts';

export const platformSchema = z.enum(['production', 'sandbox', 'hyperforce']).describe('Salesforce platform version: production, sandbox or Hyperforce.');

export const orgIdSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseOrgId(value);
    if (!parsed.ok) for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem.message, params: { psyncCode: problem.code } });
  })
  .describe('Setup → Company Information → Salesforce.com Organization ID: 15 characters starting with 00D (the 18-character form is accepted too).');

const secret = (what: string, help: string) => z.string().min(1, `Type the ${what}.`).max(4096).describe(`${help} Write-only: stored encrypted, never returned.`);

/** Step 3 of the wizard: the Salesforce environment form, every field checked on its own. */
export const environmentFields = {
  accessKeyUser: z.string().trim().min(1, 'Choose the access key user (step 1).').max(128).describe('The CXone user whose access key the hub uses (step 1).'),
  platform: platformSchema,
  environmentName: z.string().trim().min(1, 'Name the Salesforce environment.').max(80, 'At most 80 characters.'),
  orgId: orgIdSchema,
  loginUrl: z
    .url({ protocol: /^https?$/, message: 'Type the login URL as https://login.salesforce.com, https://test.salesforce.com or your My Domain URL.' })
    .optional()
    .describe('Default: login.salesforce.com for production, test.salesforce.com for a sandbox. Hyperforce needs the My Domain URL.'),
  username: z.string().trim().min(3, 'Type the Salesforce admin username (it looks like an e-mail address).').max(255),
  password: secret('password', 'The admin password; with option 2 of the brief, followed directly by the security token ("xyz" + "123" → "xyz123").'),
  clientId: z.string().trim().min(1, 'Type the consumer key of the connected app.').max(255).describe('The connected app’s consumer key.'),
  clientSecret: secret('client secret', 'The connected app’s consumer secret.'),
  adminEmail: z.email('Type the e-mail address of the Salesforce admin account.').describe('E-mail of the Salesforce admin account.'),
  cxoneAccessKeyId: z.string().trim().min(1).max(255).optional().describe('The access key id of the access key user.'),
  cxoneAccessKeySecret: secret('access key secret', 'The access key secret of the access key user.').optional(),
};

export const environmentForm = z
  .object({ id: idSchema.optional().describe('Default: a new id.'), ...environmentFields })
  .superRefine((form, ctx) => {
    if (form.platform === 'hyperforce' && form.loginUrl === undefined) ctx.addIssue({ code: 'custom', path: ['loginUrl'], message: 'A Hyperforce org is reached through its My Domain URL (https://<your domain>.my.salesforce.com); copy it from Setup → My Domain.' });
    if ((form.cxoneAccessKeyId === undefined) !== (form.cxoneAccessKeySecret === undefined)) ctx.addIssue({ code: 'custom', path: ['cxoneAccessKeySecret'], message: 'Give the access key id and its secret together, or neither.' });
  });

export const environmentChange = z
  .object(Object.fromEntries(Object.entries(environmentFields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as { [K in keyof typeof environmentFields]: z.ZodOptional<(typeof environmentFields)[K]> })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Name at least one field to change.');

export const accountMappingSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    accessKeyUser: z.string(),
    platform: platformSchema,
    environmentName: z.string(),
    orgId: z.string().describe('18 characters.'),
    authFlow: z.string(),
    loginUrl: z.string(),
    instanceUrl: z.string().nullable(),
    sfClientId: z.string().nullable(),
    sfUsername: z.string().nullable(),
    cxoneAccessKeyId: z.string().nullable(),
    status: z.enum(['draft', 'verified', 'failed', 'disabled']).describe('draft: registered, not yet selected and saved; verified: the environment in use; disabled: replaced by another.'),
    statusDetail: z.string().nullable(),
    secretsSet: z.object({ cxoneAccessKeySecret: z.boolean(), sfClientSecret: z.boolean(), sfPrivateKey: z.boolean(), sfRefreshToken: z.boolean(), sfPassword: z.boolean() }).describe('Which secrets are stored; their values are never returned.'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'AccountMapping' });

export const registrationSchema = z
  .object({ organizationId: z.string(), organizationName: z.string(), instanceUrl: z.string(), loginUrl: z.string(), isSandbox: z.boolean(), hyperforce: z.boolean(), notes: z.array(problemSchema) })
  .meta({ id: 'Registration', description: 'What Map and register found: the org it logged in to.' });

export const registeredResponse = z.object({ mapping: accountMappingSchema, registration: registrationSchema });
export const mappingParams = z.object({ tenantId: idSchema, mappingId: idSchema });
export const validateResponse = z.object({ valid: z.literal(true), orgId: z.string().describe('The 18-character form.'), loginUrl: z.string() });
export const accessKeyUsersResponse = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), username: z.string().nullable(), active: z.boolean() })),
  hint: z.string().optional(),
});
