/**
 * The CXone half of the account mapping form: the registered application and the access key of the
 * access key user (docs/cxone-setup.md). The four credentials go together: the hub needs all of
 * them to sign in, so a form with some but not all is refused field by field.
 */
import { z } from 'zod';

const secret = (what: string, help: string) => z.string().min(1, `Type the ${what}.`).max(4096).describe(`${help} Write-only: stored encrypted, never returned.`);

export const cxoneFields = {
  cxoneClientId: z.string().trim().min(1, "Type the CXone application's client id.").max(255).optional().describe('The client id NICE issued for the registered back-end application (docs/cxone-setup.md §1).'),
  cxoneClientSecret: secret('CXone client secret', "The registered CXone application's client secret.").optional(),
  cxoneAccessKeyId: z.string().trim().min(1, 'Type the access key id.').max(255).optional().describe('The access key id of the access key user (docs/cxone-setup.md §2).'),
  cxoneAccessKeySecret: secret('access key secret', 'The access key secret of the access key user.').optional(),
  cxoneIssuer: z
    .url({ protocol: /^https?$/, message: 'Type the CXone issuer as a URL, e.g. https://cxone.niceincontact.com (commercial) or https://cxone-gov.niceincontact.com (FedRAMP).' })
    .optional()
    .describe('The CXone cloud: default https://cxone.niceincontact.com (commercial); see docs/cxone-setup.md §5.'),
  cxoneTenantId: z.string().trim().min(1, "Type CXone's tenant id, or leave it out.").max(128).optional().describe("CXone's tenant id; when given, an access key of another tenant is refused. Default: read from the token."),
};

export type CxoneField = keyof typeof cxoneFields;
export const CXONE_FIELDS = Object.keys(cxoneFields) as CxoneField[];
/** Without these four the hub cannot sign in to CXone. */
export const CXONE_CORE_FIELDS: readonly CxoneField[] = ['cxoneClientId', 'cxoneClientSecret', 'cxoneAccessKeyId', 'cxoneAccessKeySecret'];
export const CXONE_SECRET_FIELDS: readonly CxoneField[] = ['cxoneClientSecret', 'cxoneAccessKeySecret'];

const NEEDED: Readonly<Record<CxoneField, string>> = {
  cxoneClientId: "Type the CXone application's client id: the hub signs in to CXone with the application and the access key together (docs/cxone-setup.md §1).",
  cxoneClientSecret: "Type the CXone application's client secret: the hub signs in to CXone with the application and the access key together (docs/cxone-setup.md §1).",
  cxoneAccessKeyId: 'Type the access key id of the access key user: the hub signs in to CXone with the application and the access key together (docs/cxone-setup.md §2).',
  cxoneAccessKeySecret: 'Type the access key secret of the access key user: the hub signs in to CXone with the application and the access key together (docs/cxone-setup.md §2).',
  cxoneIssuer: '',
  cxoneTenantId: '',
};

/** One message per missing credential of the four. */
export function missingCxoneCredentials(present: (field: CxoneField) => boolean): { path: string; message: string }[] {
  return CXONE_CORE_FIELDS.filter((f) => !present(f)).map((f) => ({ path: f, message: NEEDED[f] }));
}

/** Some CXone fields but not all four credentials: one message per missing credential. */
export function cxoneGroupProblems(values: Partial<Record<CxoneField, unknown>>, present: (field: CxoneField) => boolean = (f) => values[f] !== undefined): { path: string; message: string }[] {
  return CXONE_FIELDS.some(present) ? missingCxoneCredentials(present) : [];
}

export const cxoneReportSchema = z
  .object({
    cxoneTenantId: z.string().describe("CXone's id of the tenant the access key belongs to."),
    apiEndpoint: z.string().describe("Where that tenant's APIs are (from discovery)."),
    issuer: z.string(),
  })
  .meta({ id: 'CxoneConnectionReport', description: 'What the hub reached when it signed in to CXone with the typed credentials.' });

/** "Check CXone": the credentials as typed; with `mappingId`, secrets left out come from that stored mapping. */
export const cxoneCheckBody = z
  .object({ mappingId: z.string().trim().min(1).max(128).optional().describe('Fill the fields left out from this stored mapping (the edit form).'), ...cxoneFields })
  .meta({ id: 'CxoneConnectionCheck' });
