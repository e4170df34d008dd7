import { z } from 'zod';

/**
 * Which CXone cloud the tenant lives in; it picks the global OIDC issuer (reference §2).
 * The sovereign issuers were only seen in NICE's SDK [O].
 */
export const CXONE_ISSUERS = {
  commercial: 'https://cxone.niceincontact.com',
  fedramp: 'https://cxone-gov.niceincontact.com',
  'sovereign-au': 'https://nicecxone-sov1.au',
  'sovereign-eu': 'https://nicecxone-sov1.eu',
  'sovereign-uk': 'https://nicecxone-sov1.uk',
} as const;
export type CxoneEnvironment = keyof typeof CXONE_ISSUERS;

const nonEmpty = z.string().trim().min(1);

/**
 * A tenant's CXone connection (M4.2): the registered back-end application (client) and the access
 * key of the access key user, whose token every call of the hub uses.
 */
export const cxoneConnectionSettingsSchema = z.object({
  clientId: nonEmpty,
  clientSecret: nonEmpty,
  accessKeyId: nonEmpty,
  accessKeySecret: nonEmpty,
  environment: z.enum(Object.keys(CXONE_ISSUERS) as [CxoneEnvironment, ...CxoneEnvironment[]]).default('commercial'),
  /** Overrides the environment's issuer (a new cloud, or the emulator). */
  issuer: z.url().optional(),
  /** CXone's tenant id; when set, a token for another tenant is refused. Otherwise read from the token. */
  tenantId: nonEmpty.optional(),
});
export type CxoneConnectionSettings = z.input<typeof cxoneConnectionSettingsSchema>;

/** The issuer (base of `/auth/token` and the `.well-known` documents), without a trailing slash. */
export function issuerOf(settings: CxoneConnectionSettings): string {
  const issuer = settings.issuer ?? CXONE_ISSUERS[settings.environment ?? 'commercial'];
  return issuer.replace(/\/+$/, '');
}

/** Where the hub finds a tenant's connection (the store decrypts the secrets behind it). */
export interface CxoneConnectionPort {
  get(tenant: string): Promise<CxoneConnectionSettings | undefined>;
}
