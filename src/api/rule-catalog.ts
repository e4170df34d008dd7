import type { CatalogTeam, CatalogUser, RuleCatalog } from '../domain/index.ts';
import type { Store } from '../store/index.ts';

/** The tenant's catalogue for the domain's `validateRule`: statuses, codes, teams with codes, users with the statuses their profile may use. */
export async function ruleCatalog(store: Store, tenantId: string): Promise<RuleCatalog> {
  const [statuses, codes, teams, users, links, sfUsers, access] = await Promise.all([
    store.salesforce.statuses(tenantId),
    store.cxone.codes(tenantId),
    store.cxone.teams(tenantId),
    store.cxone.users(tenantId),
    store.links.list(tenantId),
    store.salesforce.users(tenantId),
    store.salesforce.access(tenantId),
  ]);
  const teamEntries = await Promise.all(
    teams.map(async (team): Promise<[string, CatalogTeam]> => [team.id, { id: team.id, name: team.name, codeIds: new Set((await store.cxone.teamCodes(tenantId, team.id)).map((c) => c.id)) }]),
  );
  const sfById = new Map(sfUsers.map((u) => [u.id.toLowerCase(), u]));
  const linkOf = new Map(links.map((l) => [l.acdUserId, l.sfUserId.toLowerCase()]));
  const allowedFor = (sfUserId: string | undefined): ReadonlySet<string> | undefined => {
    const sf = sfUserId === undefined ? undefined : sfById.get(sfUserId);
    if (!sf || access.length === 0) return undefined;
    const parents = new Set([sf.profileId, ...sf.permissionSetIds].filter((p): p is string => p !== null).map((p) => p.toLowerCase()));
    return new Set(access.filter((a) => parents.has(a.parentId.toLowerCase())).map((a) => a.statusId.toLowerCase()));
  };
  return {
    statuses: new Map(statuses.map((st) => [st.id.toLowerCase(), st])),
    codes: new Map(codes.map((c) => [c.id, { id: c.id, name: c.name }])),
    teams: new Map(teamEntries),
    users: new Map(
      users.map((u): [string, CatalogUser] => {
        const allowed = allowedFor(linkOf.get(u.id));
        return [u.id, { id: u.id, name: `${u.firstName} ${u.lastName}`.trim() || u.id, teamId: u.teamId, ...(allowed ? { allowedStatusIds: allowed } : {}) }];
      }),
    ),
  };
}
