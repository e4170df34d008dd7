import { endpointGuard, sameIssuer } from '../endpoint-guard.ts';
import { ApiError, notFound } from '../errors.ts';
import { registrationFailed } from '../mapping-registration.ts';
import { tenantParams } from '../schemas/common.ts';
import { CXONE_SECRET_FIELDS, cxoneCheckBody, cxoneReportSchema, missingCxoneCredentials, type CxoneField } from '../schemas/cxone-connection.ts';
import type { ApiServices } from '../services.ts';

/**
 * "Check CXone": signs in to CXone with the typed application and access key (and asks discovery),
 * so that the administrator learns about a wrong credential before saving anything. Map and register
 * makes the same check; this one can run on its own while the form is filled in.
 */
export function cxoneCheckRoute(s: ApiServices): void {
  const guard = endpointGuard(s.deps.allowedEndpoints);
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/account-mappings/check-cxone',
    tag: 'Account mapping',
    summary: 'Check the CXone application and access key without saving anything',
    description:
      'With mappingId, fields left out are taken from that stored mapping, so an edit form can check what it would save; its stored secrets are used only with the issuer they were saved with (another issuer needs them typed again). The issuer must be a CXone host (or one the operator allowed): otherwise PSYNC_ENDPOINT_NOT_ALLOWED and nothing is sent. A refusal is PSYNC_CXONE_CHECK_FAILED with the cause\'s own PSYNC_CXONE_... code, which check failed and the fields it points at; what CXone answered is not repeated. Every check, passed or failed, is audited.',
    access: 'account_mapping_create',
    readOnly: true,
    auditAction: 'account_mapping.check_cxone',
    auditFailures: true,
    secretFields: ['cxoneClientSecret', 'cxoneAccessKeySecret'],
    params: tenantParams,
    body: cxoneCheckBody,
    response: cxoneReportSchema,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const values: Partial<Record<CxoneField, string | null | undefined>> = { ...body };
      let moved = false;
      if (body.mappingId !== undefined) {
        const stored = await s.store.accountMappings.get(params.tenantId, body.mappingId);
        if (!stored) throw notFound('account mapping', body.mappingId, `List the account mappings of tenant ${params.tenantId} for their ids.`);
        values.cxoneIssuer ??= stored.cxoneIssuer;
        // The stored secrets go only to the issuer they were saved with.
        moved = !sameIssuer(values.cxoneIssuer, stored.cxoneIssuer);
        if (!moved) {
          const secrets = await s.store.accountMappings.revealSecrets(params.tenantId, body.mappingId);
          values.cxoneClientSecret ??= secrets.cxoneClientSecret;
          values.cxoneAccessKeySecret ??= secrets.cxoneAccessKeySecret;
        }
        values.cxoneClientId ??= stored.cxoneClientId;
        values.cxoneAccessKeyId ??= stored.cxoneAccessKeyId;
        values.cxoneTenantId ??= stored.cxoneTenantId;
      }
      guard.require({ cxoneIssuer: values.cxoneIssuer });
      const missing = missingCxoneCredentials((f) => Boolean(values[f]));
      if (missing.length > 0) {
        const fields = missing.map((p) => ({
          field: `body.${p.path}`,
          message: moved && CXONE_SECRET_FIELDS.includes(p.path as CxoneField) ? `${p.message} The issuer differs from the mapping's: its stored secret is sent only to the issuer it was saved with, so type it again.` : p.message,
        }));
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
      audit({ explanation: `Checked the CXone connection at ${checked.value.issuer}: signed in to CXone tenant ${checked.value.cxoneTenantId}.`, details: { ...(body.mappingId ? { mappingId: body.mappingId } : {}), issuer: checked.value.issuer } });
      return checked.value;
    },
  });
}
