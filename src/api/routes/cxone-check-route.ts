import { ApiError, notFound } from '../errors.ts';
import { registrationFailed } from '../mapping-registration.ts';
import { tenantParams } from '../schemas/common.ts';
import { cxoneCheckBody, cxoneReportSchema, missingCxoneCredentials, type CxoneField } from '../schemas/cxone-connection.ts';
import type { ApiServices } from '../services.ts';

/**
 * "Check CXone": signs in to CXone with the typed application and access key (and asks discovery),
 * so that the administrator learns about a wrong credential before saving anything. Map and register
 * makes the same check; this one can run on its own while the form is filled in.
 */
export function cxoneCheckRoute(s: ApiServices): void {
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/account-mappings/check-cxone',
    tag: 'Account mapping',
    summary: 'Check the CXone application and access key without saving anything',
    description: 'With mappingId, fields left out are taken from that stored mapping (secrets included), so an edit form can check what it would save. A refusal is PSYNC_CXONE_CHECK_FAILED with the cause\'s own PSYNC_CXONE_... code and the fields it points at.',
    access: 'account_mapping_create',
    readOnly: true,
    secretFields: ['cxoneClientSecret', 'cxoneAccessKeySecret'],
    params: tenantParams,
    body: cxoneCheckBody,
    response: cxoneReportSchema,
    handler: async ({ params, body }) => {
      await s.requireTenant(params.tenantId);
      const values: Partial<Record<CxoneField, string | null | undefined>> = { ...body };
      if (body.mappingId !== undefined) {
        const stored = await s.store.accountMappings.get(params.tenantId, body.mappingId);
        if (!stored) throw notFound('account mapping', body.mappingId, `List the account mappings of tenant ${params.tenantId} for their ids.`);
        const secrets = await s.store.accountMappings.revealSecrets(params.tenantId, body.mappingId);
        values.cxoneClientId ??= stored.cxoneClientId;
        values.cxoneClientSecret ??= secrets.cxoneClientSecret;
        values.cxoneAccessKeyId ??= stored.cxoneAccessKeyId;
        values.cxoneAccessKeySecret ??= secrets.cxoneAccessKeySecret;
        values.cxoneIssuer ??= stored.cxoneIssuer;
        values.cxoneTenantId ??= stored.cxoneTenantId;
      }
      const missing = missingCxoneCredentials((f) => Boolean(values[f]));
      if (missing.length > 0) {
        const fields = missing.map((p) => ({ field: `body.${p.path}`, message: p.message }));
        throw new ApiError(400, 'PSYNC_VALIDATION', `The request is not valid; fix these fields and send it again: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
      }
      const checked = await s.deps.cxone.checkConnection({
        clientId: values.cxoneClientId as string,
        clientSecret: values.cxoneClientSecret as string,
        accessKeyId: values.cxoneAccessKeyId as string,
        accessKeySecret: values.cxoneAccessKeySecret as string,
        ...(values.cxoneIssuer ? { issuer: values.cxoneIssuer } : {}),
        ...(values.cxoneTenantId ? { tenantId: values.cxoneTenantId } : {}),
      });
      if (!checked.ok) {
        const refusal = registrationFailed(checked.problems);
        throw new ApiError(422, 'PSYNC_CXONE_CHECK_FAILED', `CXone refused the connection; nothing was saved. ${checked.problems.map((p) => p.message).join(' ')}`, refusal.details as Record<string, unknown>);
      }
      return checked.value;
    },
  });
}
