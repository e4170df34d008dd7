import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { CREDENTIAL_FLOW } from '../../health/gather.ts';
import type { AccountMapping, CredentialKind } from '../../store/index.ts';
import { activeMapping } from '../active-mapping.ts';
import { ApiError } from '../errors.ts';
import { idSchema, timestamp } from '../schemas/common.ts';
import type { ApiServices } from '../services.ts';

const DAY_MS = 86_400_000;
const KIND_OF_PATH = { 'jwt-certificate': 'jwt_certificate', 'refresh-token': 'refresh_token' } as const satisfies Record<string, CredentialKind>;
const credentialParams = z.object({ tenantId: idSchema, kind: z.enum(['jwt-certificate', 'refresh-token']) });
const recorded = z.object({ kind: z.enum(['jwt_certificate', 'refresh_token']), expiresAt: timestamp, detail: z.record(z.string(), z.union([z.string(), z.number()])) }).meta({ id: 'CredentialExpiry' });

/** The mapping in use, if it logs in with the flow the credential belongs to. */
async function mappingFor(s: ApiServices, tenantId: string, kind: CredentialKind): Promise<AccountMapping> {
  const mapping = await activeMapping(s.store, tenantId);
  if (mapping.authFlow !== CREDENTIAL_FLOW[kind]) {
    throw new ApiError(409, 'PSYNC_CREDENTIAL_NOT_IN_USE', `The account mapping in use logs in to Salesforce with the ${mapping.authFlow} flow; a ${kind === 'jwt_certificate' ? 'JWT certificate' : 'refresh token'} matters only for the ${CREDENTIAL_FLOW[kind]} flow.`, { authFlow: mapping.authFlow });
  }
  return mapping;
}

/**
 * When the Salesforce login expires, as the administrator knows it: the JWT bearer flow's
 * certificate (its end date is read from it), or the refresh token of the web server flow (the
 * connected app's refresh token policy). The health checks warn before the date.
 */
export function credentialExpiryRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'PUT',
    path: '/tenants/:tenantId/health/credentials/:kind',
    tag: 'Health',
    summary: 'Record when the Salesforce login expires: the JWT certificate, or the refresh token’s lifetime',
    description:
      'jwt-certificate: `{certificate}`, the PEM certificate uploaded to the connected app; its end date is read from it, and it must match the private key of the mapping in use. refresh-token: `{validDays}`, the connected app’s refresh token policy ("expire refresh token after"), counted from the last change of the mapping (its last “Connect to Salesforce”).',
    access: 'account_mapping_edit',
    auditAction: 'health.credential.set',
    params: credentialParams,
    body: z.object({ certificate: z.string().max(20_000).optional(), validDays: z.number().int().min(1).max(3650).optional() }),
    response: recorded,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const kind = KIND_OF_PATH[params.kind];
      const mapping = await mappingFor(s, params.tenantId, kind);
      let expiresAt: number;
      let detail: Record<string, string | number>;
      if (kind === 'jwt_certificate') {
        let certificate: X509Certificate;
        try {
          certificate = new X509Certificate(body.certificate ?? '');
        } catch {
          throw new ApiError(400, 'PSYNC_CERTIFICATE_INVALID', 'The certificate is not a PEM X.509 certificate. Paste the whole file you uploaded to the connected app, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.');
        }
        const { sfPrivateKey } = await s.store.accountMappings.revealSecrets(params.tenantId, mapping.id);
        if (sfPrivateKey && !certificate.checkPrivateKey(createPrivateKey(sfPrivateKey))) {
          throw new ApiError(409, 'PSYNC_CERTIFICATE_KEY_MISMATCH', 'This certificate does not belong to the private key of the account mapping in use: the hub’s signatures would not verify with it. Upload the certificate made with that key, or enter the new key under Account Mapping → Edit first.');
        }
        expiresAt = Date.parse(certificate.validTo);
        detail = { subject: certificate.subject.replace(/\n/g, ', '), fingerprint: certificate.fingerprint256 };
      } else {
        if (body.validDays === undefined) throw new ApiError(400, 'PSYNC_VALIDATION', 'The request is not valid; fix these fields and send it again: body.validDays: Required: the days after which the connected app expires the refresh token.', { fields: [{ field: 'body.validDays', message: 'Required.' }] });
        expiresAt = mapping.updatedAt + body.validDays * DAY_MS;
        detail = { validDays: body.validDays, issuedAt: mapping.updatedAt };
      }
      await s.store.health.setCredential(params.tenantId, { kind, expiresAt, detail });
      audit({ explanation: `Recorded that the ${kind === 'jwt_certificate' ? 'JWT certificate' : 'refresh token'} of tenant ${params.tenantId} expires on ${new Date(expiresAt).toISOString().slice(0, 10)}.`, details: { kind, expiresAt } });
      return { kind, expiresAt, detail };
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tenants/:tenantId/health/credentials/:kind',
    tag: 'Health',
    summary: 'Forget a recorded expiry date',
    access: 'account_mapping_edit',
    auditAction: 'health.credential.remove',
    params: credentialParams,
    status: 204,
    response: z.undefined(),
    handler: async ({ params, audit }) => {
      await s.requireTenant(params.tenantId);
      await s.store.health.setCredential(params.tenantId, { kind: KIND_OF_PATH[params.kind], remove: true });
      audit({ explanation: `Forgot the recorded expiry of the ${params.kind} of tenant ${params.tenantId}.` });
      return undefined;
    },
  });
}
