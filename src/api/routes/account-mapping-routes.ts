import { z } from 'zod';
import { parseOrgId } from '../../domain/index.ts';
import { SALESFORCE_LOGIN_HOSTS } from '../../connectors/salesforce/index.ts';
import type { AccountMapping, AccountMappingInput, SalesforcePlatform } from '../../store/index.ts';
import { ApiError, notFound, problemsError } from '../errors.ts';
import { tenantParams } from '../schemas/common.ts';
import { accessKeyUsersResponse, accountMappingSchema, environmentChange, environmentForm, mappingParams, registeredResponse, validateResponse } from '../schemas/account-mappings.ts';
import type { RegisteredOrgSummary } from '../deps.ts';
import type { ApiServices } from '../services.ts';

const SECRET_FIELDS = ['password', 'clientSecret', 'cxoneAccessKeySecret'];
type Form = z.output<typeof environmentForm>;
/** What Map and register and the stored record need of the form (the admin e-mail has no column in the store). */
type Registration = Omit<Form, 'id' | 'adminEmail' | 'cxoneAccessKeySecret'>;

export function accountMappingRoutes(s: ApiServices): void {
  const hosts = s.deps.salesforceLoginHosts ?? SALESFORCE_LOGIN_HOSTS;
  const loginUrlFor = (platform: SalesforcePlatform, typed: string | undefined) => typed ?? (platform === 'sandbox' ? hosts.sandbox : hosts.production);

  async function getMapping(tenantId: string, mappingId: string): Promise<AccountMapping> {
    const mapping = await s.store.accountMappings.get(tenantId, mappingId);
    if (!mapping) throw notFound('account mapping', mappingId, `List the account mappings of tenant ${tenantId} for their ids.`);
    return mapping;
  }

  /** Map and register: logs in with exactly what was typed; on any problem nothing is saved. */
  async function register(form: Registration): Promise<{ org: RegisteredOrgSummary; loginUrl: string }> {
    const loginUrl = loginUrlFor(form.platform, form.loginUrl);
    const result = await s.deps.salesforce.mapAndRegister({
      platform: form.platform,
      organizationId: form.orgId,
      loginUrl,
      clientId: form.clientId,
      clientSecret: form.clientSecret,
      username: form.username,
      password: form.password,
    });
    if (!result.ok) throw problemsError(422, 'PSYNC_MAP_AND_REGISTER_FAILED', 'Map and register failed; nothing was saved.', result.problems);
    return { org: result.value, loginUrl };
  }

  function toInput(tenantId: string, id: string, form: Registration, org: RegisteredOrgSummary, loginUrl: string, status: AccountMappingInput['status']): AccountMappingInput {
    return {
      id,
      tenantId,
      accessKeyUser: form.accessKeyUser,
      platform: form.platform,
      environmentName: form.environmentName,
      orgId: org.organizationId,
      authFlow: 'username_password',
      loginUrl,
      instanceUrl: org.instanceUrl,
      sfClientId: form.clientId,
      sfUsername: form.username,
      cxoneAccessKeyId: form.cxoneAccessKeyId ?? null,
      status,
      statusDetail: `Map and register reached "${org.organizationName}" (${org.organizationId}) as ${form.username}.${org.notes.map((n) => ` ${n.message}`).join('')}`,
    };
  }

  const registration = (org: RegisteredOrgSummary, loginUrl: string) => ({ ...org, loginUrl });

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
    access: 'account_mapping_view',
    params: mappingParams,
    response: accountMappingSchema,
    handler: async ({ params }) => getMapping(params.tenantId, params.mappingId),
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
      const orgId = parseOrgId(body.orgId);
      return { valid: true as const, orgId: orgId.ok ? orgId.value : body.orgId, loginUrl: loginUrlFor(body.platform, body.loginUrl) };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/account-mappings',
    tag: 'Account mapping',
    summary: 'Step 4: Map and register the Salesforce environment',
    description: 'Logs in to Salesforce with the form, checks that the org reached is the organisation ID typed, and registers the environment (status draft). On any failure the answer names each problem and nothing is saved. Then select the environment and save (POST …/save).',
    access: 'account_mapping_create',
    auditAction: 'account_mapping.register',
    idempotent: true,
    secretFields: SECRET_FIELDS,
    status: 201,
    params: tenantParams,
    body: environmentForm,
    response: registeredResponse,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const id = body.id ?? s.newId();
      if (body.id && (await s.store.accountMappings.get(params.tenantId, body.id))) {
        throw new ApiError(409, 'PSYNC_ACCOUNT_MAPPING_EXISTS', `Account mapping "${body.id}" exists; change it with PATCH, or choose another id.`, { id: body.id });
      }
      const { org, loginUrl } = await register(body);
      const mapping = await s.store.accountMappings.save(toInput(params.tenantId, id, body, org, loginUrl, 'draft'), {
        sfPassword: body.password,
        sfClientSecret: body.clientSecret,
        ...(body.cxoneAccessKeySecret !== undefined ? { cxoneAccessKeySecret: body.cxoneAccessKeySecret } : {}),
      });
      audit({ explanation: `Mapped and registered Salesforce environment "${body.environmentName}" (org ${org.organizationId}, ${body.platform}).`, details: { mappingId: id, orgId: org.organizationId, platform: body.platform } });
      return { mapping, registration: registration(org, loginUrl) };
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
    response: accountMappingSchema,
    handler: async ({ params, audit }) => {
      const mapping = await getMapping(params.tenantId, params.mappingId);
      if (mapping.status === 'failed') throw new ApiError(409, 'PSYNC_ACCOUNT_MAPPING_NOT_REGISTERED', `Environment "${mapping.environmentName}" did not register; correct it (PATCH) so that Map and register succeeds, then save.`);
      for (const other of await s.store.accountMappings.list(params.tenantId)) {
        if (other.id !== mapping.id && other.status === 'verified') await s.store.accountMappings.setStatus(params.tenantId, other.id, 'disabled', `Replaced by "${mapping.environmentName}".`);
      }
      await s.store.accountMappings.setStatus(params.tenantId, mapping.id, 'verified', mapping.statusDetail);
      audit({ explanation: `Selected and saved Salesforce environment "${mapping.environmentName}" (org ${mapping.orgId}).`, details: { mappingId: mapping.id } });
      return getMapping(params.tenantId, params.mappingId);
    },
  });
  s.routes.add({
    method: 'PATCH',
    path: '/tenants/:tenantId/account-mappings/:mappingId',
    tag: 'Account mapping',
    summary: 'Change an account mapping; Map and register runs again and nothing is saved unless it succeeds',
    description: 'Secrets not given keep their stored values.',
    access: 'account_mapping_edit',
    auditAction: 'account_mapping.update',
    params: mappingParams,
    body: environmentChange,
    response: registeredResponse,
    handler: async ({ params, body, audit }) => {
      const current = await getMapping(params.tenantId, params.mappingId);
      const secrets = await s.store.accountMappings.revealSecrets(params.tenantId, params.mappingId);
      const merged: Registration = {
        accessKeyUser: body.accessKeyUser ?? current.accessKeyUser,
        platform: body.platform ?? current.platform,
        environmentName: body.environmentName ?? current.environmentName,
        orgId: body.orgId ?? current.orgId,
        loginUrl: body.loginUrl ?? (body.platform && body.platform !== current.platform ? undefined : current.loginUrl),
        username: body.username ?? current.sfUsername ?? '',
        password: body.password ?? secrets.sfPassword ?? '',
        clientId: body.clientId ?? current.sfClientId ?? '',
        clientSecret: body.clientSecret ?? secrets.sfClientSecret ?? '',
        cxoneAccessKeyId: body.cxoneAccessKeyId ?? current.cxoneAccessKeyId ?? undefined,
      };
      const { org, loginUrl } = await register(merged);
      const mapping = await s.store.accountMappings.save(toInput(params.tenantId, current.id, merged, org, loginUrl, current.status === 'failed' ? 'draft' : current.status), {
        ...(body.password !== undefined ? { sfPassword: body.password } : {}),
        ...(body.clientSecret !== undefined ? { sfClientSecret: body.clientSecret } : {}),
        ...(body.cxoneAccessKeySecret !== undefined ? { cxoneAccessKeySecret: body.cxoneAccessKeySecret } : {}),
      });
      const changed = Object.keys(body).map((k) => (SECRET_FIELDS.includes(k) ? `${k} (not shown)` : k));
      audit({ explanation: `Changed Salesforce environment "${mapping.environmentName}": ${changed.join(', ')}; Map and register succeeded.`, details: { mappingId: mapping.id, changed: Object.keys(body) } });
      return { mapping, registration: registration(org, loginUrl) };
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
