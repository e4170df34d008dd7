import { z } from 'zod';
import { activeMapping } from '../active-mapping.ts';
import type { Principal } from '../auth/principal.ts';
import { ApiError, problemsError } from '../errors.ts';
import { tenantParams } from '../schemas/common.ts';
import { createTenantBody, prerequisitesResponse, switchesBody, switchesSchema, tenantSchema } from '../schemas/tenants.ts';
import type { ApiServices } from '../services.ts';

/** The tenants are no one's business without a permission. */
function requireSomePermission(principal: Principal): void {
  if (principal.permissions.size === 0) throw new ApiError(403, 'PSYNC_FORBIDDEN', 'Listing tenants needs a permission; you have none. Ask a User Admin to grant the ones you need.', { permission: 'any' });
}

export function tenantRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'GET',
    path: '/tenants',
    tag: 'Adapters',
    summary: 'List tenants and their switches',
    description: 'Needs at least one permission: a signed-in principal without any learns nothing of the tenants.',
    access: 'authenticated',
    response: z.object({ tenants: z.array(tenantSchema) }),
    handler: async ({ principal }) => {
      requireSomePermission(principal);
      return { tenants: await s.store.tenants.list() };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants',
    tag: 'Adapters',
    summary: 'Add a tenant (both switches start off)',
    access: 'adapter_admin',
    auditAction: 'tenant.create',
    idempotent: true,
    status: 201,
    body: createTenantBody,
    response: tenantSchema,
    handler: async ({ body, audit }) => {
      const existing = await s.store.tenants.get(body.id);
      const tenant = await s.store.tenants.upsert(body);
      audit({ tenantId: tenant.id, explanation: existing ? `Renamed tenant ${tenant.id} to "${tenant.name}".` : `Added tenant ${tenant.id} ("${tenant.name}").` });
      return tenant;
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId',
    tag: 'Adapters',
    summary: 'One tenant and its switches',
    description: 'Needs at least one permission.',
    access: 'authenticated',
    params: tenantParams,
    response: tenantSchema,
    handler: async ({ params, principal }) => {
      requireSomePermission(principal);
      return s.requireTenant(params.tenantId);
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tenants/:tenantId',
    tag: 'Adapters',
    summary: 'Remove a tenant and everything it owns (its audit stays until pruned)',
    access: 'adapter_admin',
    auditAction: 'tenant.remove',
    params: tenantParams,
    status: 204,
    response: z.undefined(),
    handler: async ({ params, audit }) => {
      await s.requireTenant(params.tenantId);
      await s.store.tenants.remove(params.tenantId);
      audit({ explanation: `Removed tenant ${params.tenantId}.` });
      return undefined;
    },
  });
  s.routes.add({
    method: 'PUT',
    path: '/tenants/:tenantId/switches',
    tag: 'Adapters',
    summary: 'Switch the Salesforce adapter, then Salesforce Presence Sync',
    description: 'Presence Sync cannot be on while the adapter is off: such a change is refused with PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER and changes nothing.',
    access: 'adapter_admin',
    auditAction: 'tenant.switches.set',
    params: tenantParams,
    body: switchesBody,
    response: switchesSchema,
    handler: async ({ params, body, audit }) => {
      const before = (await s.requireTenant(params.tenantId)).switches;
      const after = await s.store.tenants.setSwitches(params.tenantId, body);
      const said = (on: boolean) => (on ? 'on' : 'off');
      audit({
        explanation: `Switches of ${params.tenantId}: Salesforce adapter ${said(before.salesforceAdapter)} → ${said(after.salesforceAdapter)}, Presence Sync ${said(before.presenceSync)} → ${said(after.presenceSync)}.`,
        details: { before, after },
      });
      return after;
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/prerequisites',
    tag: 'Adapters',
    summary: 'Prerequisites per agent: Lightning, Agent permission set, agent package licence',
    description: 'Reads the org through the saved account mapping; a failing agent is not synced, and each failing check says why and what to do.',
    access: 'adapter_admin',
    params: tenantParams,
    response: prerequisitesResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const mapping = await activeMapping(s.store, params.tenantId);
      const report = await s.deps.salesforce.prerequisites(params.tenantId, mapping.id);
      if (!report.ok) throw problemsError(502, 'PSYNC_PREREQUISITES_UNREADABLE', 'The prerequisites could not be read from Salesforce.', report.problems);
      const links = await s.store.links.list(params.tenantId);
      const agentOf = new Map(links.map((l) => [l.sfUserId.toLowerCase(), l.acdUserId]));
      const agents = report.value.map((row) => ({ ...row, agentId: agentOf.get(row.sfUserId.toLowerCase()) ?? null }));
      return { mappingId: mapping.id, agents, failing: agents.filter((a) => !a.ok).length };
    },
  });
}
