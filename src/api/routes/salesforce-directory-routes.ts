/**
 * The Salesforce org as the hub stored it on "read the org" (users, their profiles, status access),
 * with what the sync makes of each user: the CXone agent it is linked to and its failing M1.2
 * prerequisites. Read only; the org is read again with POST …/salesforce/refresh.
 */
import { nameOf } from '../agent-view.ts';
import { tenantParams } from '../schemas/common.ts';
import { salesforceProfilesResponse, salesforceUsersQuery, salesforceUsersResponse } from '../schemas/salesforce-directory.ts';
import type { ApiServices } from '../services.ts';

export function salesforceDirectoryRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/salesforce/users',
    tag: 'Presence Sync',
    summary: 'The org’s users the hub stored, each with its linked CXone agent and failing prerequisites; paged and searchable',
    access: 'rule_view',
    params: tenantParams,
    query: salesforceUsersQuery,
    response: salesforceUsersResponse,
    handler: async ({ params, query }) => {
      await s.requireTenant(params.tenantId);
      const [sfUsers, links, acdUsers] = await Promise.all([s.store.salesforce.users(params.tenantId), s.store.links.list(params.tenantId), s.store.cxone.users(params.tenantId)]);
      const linkOf = new Map(links.map((l) => [l.sfUserId.toLowerCase(), l]));
      const acd = new Map(acdUsers.map((u) => [u.id, u]));
      const needle = query.search?.toLowerCase();
      const rows = sfUsers
        .map((user) => {
          const link = linkOf.get(user.id.toLowerCase());
          return { user, link, problems: s.deps.prerequisiteProblems?.(params.tenantId, user.id) ?? [] };
        })
        .filter(({ user, link, problems }) =>
          (!needle || [user.username, user.name, user.email ?? '', user.federationId ?? '', user.id].some((f) => f.toLowerCase().includes(needle))) &&
          (query.linked === undefined || query.linked === (link !== undefined)) &&
          (!query.problemsOnly || problems.length > 0))
        .sort((a, b) => a.user.username.localeCompare(b.user.username));
      return {
        total: rows.length,
        users: rows.slice(query.offset, query.offset + query.limit).map(({ user, link, problems }) => ({
          id: user.id,
          username: user.username,
          name: user.name,
          email: user.email,
          federationId: user.federationId,
          active: user.active,
          profile: user.profileId ? { id: user.profileId, name: user.profileName ?? null } : null,
          permissionSetIds: user.permissionSetIds,
          agent: link ? { agentId: link.acdUserId, name: nameOf(acd.get(link.acdUserId), link.acdUserId), matchedBy: link.matchedBy } : null,
          prerequisiteProblems: problems,
        })),
      };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/salesforce/profiles',
    tag: 'Presence Sync',
    summary: 'The profiles of the org’s stored users and of its status access, with the presence statuses each may use',
    access: 'rule_view',
    params: tenantParams,
    response: salesforceProfilesResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const [users, access, statuses] = await Promise.all([s.store.salesforce.users(params.tenantId), s.store.salesforce.access(params.tenantId), s.store.salesforce.statuses(params.tenantId)]);
      const statusOf = new Map(statuses.map((st) => [st.id.toLowerCase(), st]));
      const profiles = new Map<string, { id: string; name: string | null; users: number; statusIds: Set<string> }>();
      const profile = (id: string) => {
        const key = id.toLowerCase();
        let entry = profiles.get(key);
        if (!entry) profiles.set(key, (entry = { id, name: null, users: 0, statusIds: new Set() }));
        return entry;
      };
      for (const user of users) {
        if (!user.profileId) continue;
        const entry = profile(user.profileId);
        entry.users += 1;
        entry.name ??= user.profileName ?? null;
      }
      for (const grant of access) if (grant.parentKind === 'profile') profile(grant.parentId).statusIds.add(grant.statusId.toLowerCase());
      return {
        statusAccessRead: access.length > 0,
        profiles: [...profiles.values()]
          .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
          .map((p) => ({
            id: p.id,
            name: p.name,
            users: p.users,
            statuses: [...p.statusIds].flatMap((id) => {
              const st = statusOf.get(id);
              return st ? [{ id: st.id, label: st.label, developerName: st.developerName }] : [];
            }),
          })),
      };
    },
  });
}
