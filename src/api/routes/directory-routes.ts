import { z } from 'zod';
import { developerNameFromLabel } from '../../domain/index.ts';
import { activeMapping } from '../active-mapping.ts';
import { missingCxoneConnection } from '../cxone-connection-missing.ts';
import { problemsError } from '../errors.ts';
import { tenantParams } from '../schemas/common.ts';
import { acdCodeSchema, acdTeamSchema, acdUserSchema, cxoneRefreshResponse, directoryQuery, provisionBody, provisionResponse, salesforceRefreshResponse, salesforceStatusSchema } from '../schemas/directory.ts';
import type { ApiServices } from '../services.ts';

const counts = (c: { added: readonly string[]; updated: readonly string[]; removed: readonly string[] }) => `${c.added.length} added, ${c.updated.length} updated, ${c.removed.length} removed`;

export function directoryRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/cxone/refresh',
    tag: 'Presence Sync',
    summary: 'Get CXone users: refresh users, teams and unavailable codes from CXone',
    access: 'rule_create',
    auditAction: 'cxone.refresh',
    params: tenantParams,
    response: cxoneRefreshResponse,
    handler: async ({ params, audit }) => {
      await s.requireTenant(params.tenantId);
      const result = await s.deps.cxone.refreshDirectory(params.tenantId);
      if (!result.ok && result.problems.some((p) => p.code === 'PSYNC_CXONE_NOT_CONFIGURED')) {
        const cause = await missingCxoneConnection(s.store, params.tenantId);
        if (cause) throw cause;
      }
      if (!result.ok) throw problemsError(502, 'PSYNC_CXONE_REFRESH_FAILED', 'Get CXone users failed; the hub kept the users it had.', result.problems);
      const v = result.value;
      audit({ explanation: `Got CXone users: users ${counts(v.users)}; teams ${counts(v.teams)}; codes ${counts(v.codes)}.`, details: { users: v.users.added.length + v.users.updated.length + v.users.removed.length } });
      return v;
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/cxone/users',
    tag: 'Presence Sync',
    summary: 'CXone users (for the Users tab), paged and searchable',
    access: 'rule_view',
    params: tenantParams,
    query: directoryQuery,
    response: z.object({ users: z.array(acdUserSchema), total: z.number().int() }),
    handler: async ({ params, query }) => {
      await s.requireTenant(params.tenantId);
      const needle = query.search?.toLowerCase();
      const all = (await s.store.cxone.users(params.tenantId)).filter(
        (u) => !needle || [u.firstName, u.lastName, `${u.firstName} ${u.lastName}`, u.email ?? '', u.username ?? '', u.id].some((f) => f.toLowerCase().includes(needle)),
      );
      return { users: all.slice(query.offset, query.offset + query.limit), total: all.length };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/cxone/teams',
    tag: 'Presence Sync',
    summary: 'CXone teams with their unavailable codes (for the Teams tab)',
    access: 'rule_view',
    params: tenantParams,
    response: z.object({ teams: z.array(acdTeamSchema) }),
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const teams = await s.store.cxone.teams(params.tenantId);
      return { teams: await Promise.all(teams.map(async (t) => ({ ...t, codeIds: (await s.store.cxone.teamCodes(params.tenantId, t.id)).map((c) => c.id) }))) };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/cxone/unavailable-codes',
    tag: 'Presence Sync',
    summary: 'CXone unavailable codes',
    access: 'rule_view',
    params: tenantParams,
    response: z.object({ codes: z.array(acdCodeSchema) }),
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      return { codes: await s.store.cxone.codes(params.tenantId) };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/salesforce/statuses',
    tag: 'Presence Sync',
    summary: 'The org’s presence statuses: label, developer name, Online or Busy, channels',
    access: 'rule_view',
    params: tenantParams,
    response: z.object({ statuses: z.array(salesforceStatusSchema) }),
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      return { statuses: await s.store.salesforce.statuses(params.tenantId) };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/salesforce/refresh',
    tag: 'Presence Sync',
    summary: 'Read statuses, status access and users from the org again',
    access: 'rule_create',
    auditAction: 'salesforce.refresh',
    params: tenantParams,
    response: salesforceRefreshResponse,
    handler: async ({ params, audit }) => {
      await s.requireTenant(params.tenantId);
      const mapping = await activeMapping(s.store, params.tenantId);
      const result = await s.deps.salesforce.refreshOrg(params.tenantId, mapping.id);
      if (!result.ok) throw problemsError(502, 'PSYNC_SALESFORCE_REFRESH_FAILED', 'The org could not be read; the hub kept what it had.', result.problems);
      const v = result.value;
      audit({ explanation: `Read the org again: statuses ${v.statuses ? counts(v.statuses) : 'unchanged'}; users ${v.users ? counts(v.users) : 'unchanged'}.` });
      return { ...(v.users ? { users: v.users } : {}), ...(v.statuses ? { statuses: v.statuses } : {}), ...(v.access ? { access: v.access } : {}) };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/salesforce/statuses/provision',
    tag: 'Presence Sync',
    summary: 'Create missing presence statuses in Salesforce and grant profiles access to them',
    description: 'Existing statuses are left as they are. Each item of the answer says what happened.',
    access: 'rule_create',
    auditAction: 'salesforce.statuses.provision',
    params: tenantParams,
    body: provisionBody,
    response: provisionResponse,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const mapping = await activeMapping(s.store, params.tenantId);
      const statuses = body.statuses.map((st) => {
        const derived = developerNameFromLabel(st.label);
        return { ...st, developerName: st.developerName ?? (derived.ok ? derived.value : st.label) };
      });
      const result = await s.deps.salesforce.provisionStatuses(params.tenantId, mapping.id, { statuses, profileNames: body.profileNames });
      if (!result.ok) throw problemsError(502, 'PSYNC_PROVISIONING_FAILED', 'The statuses could not be provisioned.', result.problems);
      audit({ explanation: `Provisioned statuses ${statuses.map((st) => st.developerName).join(', ')}: ${result.value.items.map((i) => `${i.what} ${i.outcome}`).join('; ')}.` });
      return result.value;
    },
  });
}
