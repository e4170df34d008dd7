import { z } from 'zod';
import { parseOrgId } from '../../domain/index.ts';
import type { AccountMapping } from '../../store/index.ts';
import { ApiError, notFound } from '../errors.ts';
import { draftOfForm, mergeChange, secretsOf } from '../mapping-drafts.ts';
import { mappingRegistrar, NOT_CONNECTED_DETAIL, type Registered } from '../mapping-registration.ts';
import { tenantParams } from '../schemas/common.ts';
import { accessKeyUsersResponse, accountMappingSchema, environmentChange, environmentForm, mappingParams, mappingResponse, validateResponse } from '../schemas/account-mappings.ts';
import type { ApiServices } from '../services.ts';
import { cxoneCheckRoute } from './cxone-check-route.ts';

const SECRET_FIELDS = ['password', 'clientSecret', 'privateKey', 'cxoneClientSecret', 'cxoneAccessKeySecret'];

const NEXT_CONNECT = 'Press "Connect to Salesforce" (POST …/account-mappings/{id}/salesforce-authorization) and log in to Salesforce; Map and register runs when Salesforce sends you back.';

export function accountMappingRoutes(s: ApiServices): void {
  const registrar = mappingRegistrar(s.deps);

  async function getMapping(tenantId: string, mappingId: string): Promise<AccountMapping> {
    const mapping = await s.store.accountMappings.get(tenantId, mappingId);
    if (!mapping) throw notFound('account mapping', mappingId, `List the account mappings of tenant ${tenantId} for their ids.`);
    return mapping;
  }

  const answer = (mapping: AccountMapping, registered: Registered) => ({
    mapping,
    registration: registered.org ? { ...registered.org, loginUrl: registered.loginUrl } : null,
    cxone: registered.cxone ?? null,
    ...(registered.org ? {} : { next: NEXT_CONNECT }),
  });

  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/account-mappings',
    tag: 'Account mapping',
    summary: 'List the Salesforce environments (account mappings) of the tenant',
    access: 'account_mapping_view',
    params: tenantParams,
    response: z.object({ mappings: z.array(accountMappingSchema) }),
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      return { mappings: await s.store.accountMappings.list(params.tenantId) };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/account-mappings/access-key-users',
    tag: 'Account mapping',
    summary: 'Step 1: the CXone users who may be the access key user',
    access: 'account_mapping_view',
    params: tenantParams,
    response: accessKeyUsersResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const users = (await s.store.cxone.users(params.tenantId)).map((u) => ({ id: u.id, name: `${u.firstName} ${u.lastName}`.trim(), email: u.email, username: u.username, active: u.active }));
      return users.length > 0 ? { users } : { users, hint: 'The hub has no CXone users for this tenant yet: type the access key user id, or run "Get CXone users" once the mapping is saved.' };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/account-mappings/:mappingId',
    tag: 'Account mapping',
    summary: 'One account mapping (secrets are never returned, only whether each is set)',
    description: 'Answers `{mapping}`, the shape every call about one account mapping answers.',
    access: 'account_mapping_view',
    params: mappingParams,
    response: mappingResponse,
    handler: async ({ params }) => ({ mapping: await getMapping(params.tenantId, params.mappingId) }),
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/account-mappings/validate',
    tag: 'Account mapping',
    summary: 'Step 3: check the environment form field by field without logging in or saving',
    access: 'account_mapping_create',
    readOnly: true,
    params: tenantParams,
    body: environmentForm,
    response: validateResponse,
    handler: async ({ params, body }) => {
      await s.requireTenant(params.tenantId);
      registrar.endpoints.require({ loginUrl: registrar.loginUrlFor(body.platform, body.loginUrl), cxoneIssuer: body.cxoneIssuer });
      const orgId = parseOrgId(body.orgId);
      return { valid: true as const, orgId: orgId.ok ? orgId.value : body.orgId, loginUrl: registrar.loginUrlFor(body.platform, body.loginUrl) };
    },
  });
  cxoneCheckRoute(s);
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/account-mappings',
    tag: 'Account mapping',
    summary: 'Step 4: Map and register the Salesforce environment',
    description:
      'Checks the CXone application and access key (when given) and logs in to Salesforce with the chosen flow, checks that the org reached is the organisation ID typed, and registers the environment (status draft). On any failure the answer names each problem and nothing is saved. Then select the environment and save (POST …/save). The web-server flow (authorization_code) cannot log in before the administrator authorises the hub: its mapping is stored with status failed ("not connected yet") and Map and register runs when "Connect to Salesforce" completes.',
    access: 'account_mapping_create',
    auditAction: 'account_mapping.register',
    auditFailures: true,
    idempotent: true,
    secretFields: SECRET_FIELDS,
    status: 201,
    params: tenantParams,
    body: environmentForm,
    response: mappingResponse,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const id = body.id ?? s.newId();
      if (body.id && (await s.store.accountMappings.get(params.tenantId, body.id))) {
        throw new ApiError(409, 'PSYNC_ACCOUNT_MAPPING_EXISTS', `Account mapping "${body.id}" exists; change it with PATCH, or choose another id.`, { id: body.id });
      }
      const draft = draftOfForm(body);
      const registered = await registrar.register(draft, { checkCxone: true });
      const mapping = await s.store.accountMappings.save(registrar.inputOf(params.tenantId, id, draft, registered, 'draft'), secretsOf(draft));
      audit({
        explanation: registered.org
          ? `Mapped and registered Salesforce environment "${body.environmentName}" (org ${registered.org.organizationId}, ${body.platform}, ${body.authFlow}).`
          : `Stored Salesforce environment "${body.environmentName}" (web-server flow), waiting for "Connect to Salesforce".`,
        details: { mappingId: id, orgId: mapping.orgId, platform: body.platform, authFlow: body.authFlow, cxoneChecked: registered.cxone !== undefined },
      });
      return answer(mapping, registered);
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/account-mappings/:mappingId/save',
    tag: 'Account mapping',
    summary: 'Steps 5–6: select this Salesforce environment and save the mapping',
    description: 'Makes this environment the one the tenant uses (status verified); a previously used one becomes disabled.',
    access: 'account_mapping_create',
    auditAction: 'account_mapping.save',
    params: mappingParams,
    response: mappingResponse,
    handler: async ({ params, audit }) => {
      const mapping = await getMapping(params.tenantId, params.mappingId);
      if (mapping.status === 'failed') {
        const hint = mapping.authFlow === 'authorization_code' && !mapping.secretsSet.sfRefreshToken ? 'connect it to Salesforce ("Connect to Salesforce")' : 'correct it (PATCH) so that Map and register succeeds';
        throw new ApiError(409, 'PSYNC_ACCOUNT_MAPPING_NOT_REGISTERED', `Environment "${mapping.environmentName}" did not register; ${hint}, then save.`);
      }
      for (const other of await s.store.accountMappings.list(params.tenantId)) {
        if (other.id !== mapping.id && other.status === 'verified') await s.store.accountMappings.setStatus(params.tenantId, other.id, 'disabled', `Replaced by "${mapping.environmentName}".`);
      }
      await s.store.accountMappings.setStatus(params.tenantId, mapping.id, 'verified', mapping.statusDetail);
      audit({ explanation: `Selected and saved Salesforce environment "${mapping.environmentName}" (org ${mapping.orgId}).`, details: { mappingId: mapping.id } });
      return { mapping: await getMapping(params.tenantId, params.mappingId) };
    },
  });
  s.routes.add({
    method: 'PATCH',
    path: '/tenants/:tenantId/account-mappings/:mappingId',
    tag: 'Account mapping',
    summary: 'Change an account mapping; Map and register runs again and nothing is saved unless it succeeds',
    description:
      'Secrets not given keep their stored values, except when authFlow changes: the new flow\'s secrets must be given, and the previous flow\'s are removed. Changed CXone fields are checked against CXone first. For the web-server flow, a change of flow, client id, login URL, platform or org needs "Connect to Salesforce" again; a mapping in use cannot make such a change (register a new environment, connect it, then select it).',
    access: 'account_mapping_edit',
    auditAction: 'account_mapping.update',
    auditFailures: true,
    secretFields: SECRET_FIELDS,
    params: mappingParams,
    body: environmentChange,
    response: mappingResponse,
    handler: async ({ params, body, audit }) => {
      const current = await getMapping(params.tenantId, params.mappingId);
      const secrets = await s.store.accountMappings.revealSecrets(params.tenantId, params.mappingId);
      const { draft, problems, reconnect, cxoneChanged } = mergeChange(current, secrets, body, registrar.loginUrlFor);
      if (problems.length > 0) {
        const fields = problems.map((p) => ({ field: `body.${p.path}`, message: p.message }));
        throw new ApiError(400, 'PSYNC_VALIDATION', `The change leaves the mapping incomplete; fix these fields and send it again: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
      }
      if (reconnect && current.status === 'verified') {
        throw new ApiError(
          409,
          'PSYNC_ACCOUNT_MAPPING_IN_USE',
          `Environment "${current.environmentName}" is in use, and this change needs "Connect to Salesforce" again, which would stop the sync until then. Register a new environment with the new settings, connect it, then select and save it.`,
        );
      }
      const registered = await registrar.register(draft, { checkCxone: cxoneChanged });
      const status = !registered.org ? 'failed' : current.status === 'failed' ? 'draft' : current.status;
      const mapping = await s.store.accountMappings.save(registrar.inputOf(params.tenantId, current.id, draft, registered, status, current.instanceUrl), secretsOf(draft));
      const changed = Object.keys(body).map((k) => (SECRET_FIELDS.includes(k) ? `${k} (not shown)` : k));
      const outcome = registered.org ? 'Map and register succeeded' : NOT_CONNECTED_DETAIL;
      audit({ explanation: `Changed Salesforce environment "${mapping.environmentName}": ${changed.join(', ')}; ${outcome}`, details: { mappingId: mapping.id, changed: Object.keys(body) } });
      return answer(mapping, registered);
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tenants/:tenantId/account-mappings/:mappingId',
    tag: 'Account mapping',
    summary: 'Remove an account mapping and its stored secrets',
    access: 'account_mapping_edit',
    auditAction: 'account_mapping.remove',
    params: mappingParams,
    status: 204,
    response: z.undefined(),
    handler: async ({ params, audit }) => {
      const mapping = await getMapping(params.tenantId, params.mappingId);
      await s.store.accountMappings.remove(params.tenantId, params.mappingId);
      audit({ explanation: `Removed Salesforce environment "${mapping.environmentName}".`, details: { mappingId: mapping.id } });
      return undefined;
    },
  });
}
