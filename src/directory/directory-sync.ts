import type { CxoneConnector, CxoneDirectorySnapshot } from '../connectors/cxone/index.ts';
import { linkUsers, readOrgSnapshot, type OrgSnapshot, type PrerequisiteConfig, type SalesforceSession } from '../connectors/salesforce/index.ts';
import { fail, ok, type Problem, type Result } from '../domain/index.ts';
import type { CxoneSnapshot, CxoneSnapshotSummary, SalesforceSnapshot, SalesforceSnapshotSummary, Store } from '../store/index.ts';

/** The store's CXone directory from what "Get CXone users" read. Agents are keyed by CXone agent id (the states feed names only that). */
export function cxoneSnapshotOf(snapshot: CxoneDirectorySnapshot): CxoneSnapshot {
  return {
    users: snapshot.users.map((u) => ({
      id: u.agentId,
      firstName: u.firstName ?? '',
      lastName: u.lastName ?? '',
      email: u.emailAddress ?? null,
      username: u.userName ?? null,
      federationId: u.federatedId ?? null,
      teamId: u.teamId ?? null,
      active: u.isActive,
    })),
    teams: snapshot.teams.map((t) => ({ id: t.teamId, name: t.teamName, active: t.isActive })),
    codes: snapshot.unavailableCodes.filter((c) => !c.isAcw).map((c) => ({ id: c.id, name: c.name, active: c.isActive })),
    teamCodes: snapshot.teams.flatMap((t) => t.unavailableCodeIds.map((codeId) => ({ teamId: t.teamId, codeId }))),
  };
}

/** "Get CXone users" (M5.2): users, teams, unavailable codes and their team assignments, into the store. */
export async function refreshCxoneDirectory(store: Store, cxone: CxoneConnector, tenantId: string): Promise<Result<CxoneSnapshotSummary>> {
  let summary: CxoneSnapshotSummary | undefined;
  const result = await cxone.getCxoneUsers(tenantId, {
    async replace(tenant, snapshot) {
      summary = await store.cxone.replaceSnapshot(tenant, cxoneSnapshotOf(snapshot));
      const count = (c: { added: readonly string[]; updated: readonly string[]; removed: readonly string[] }) => ({ added: c.added.length, updated: c.updated.length, removed: c.removed.length });
      return { users: count(summary.users), teams: count(summary.teams), unavailableCodes: count(summary.codes), teamCodeAssignments: { added: summary.teamCodes.added.length, removed: summary.teamCodes.removed.length } };
    },
  });
  if (!result.ok) return fail({ code: result.failure.code, message: result.failure.message, details: { kind: result.failure.kind } });
  return ok(summary!);
}

/** The store's Salesforce directory from one org snapshot. */
export function salesforceSnapshotOf(snapshot: OrgSnapshot): SalesforceSnapshot {
  return {
    statuses: snapshot.statuses,
    users: snapshot.users.map((u) => ({
      id: u.id,
      username: u.username,
      email: u.email ?? null,
      federationId: u.federationIdentifier ?? null,
      name: u.name,
      profileId: u.profileId,
      profileName: u.profileName,
      permissionSetIds: snapshot.permissionSetIdsByUser.get(u.id.toLowerCase()) ?? [],
      active: u.isActive,
    })),
    access: snapshot.access.holders.flatMap((h) => h.statusIds.map((statusId) => ({ statusId, parentId: h.id, parentKind: h.kind }))),
  };
}

/**
 * Each Salesforce user's failing M1.2 prerequisites, from the last org check: in memory for the
 * ingest transaction to read synchronously, kept in the store so that a restarted instance, and
 * every other instance, knows them too (`load` reads them back).
 */
export class PrerequisiteProblems {
  private readonly byTenant = new Map<string, ReadonlyMap<string, readonly Problem[]>>();

  constructor(private readonly store?: Pick<Store, 'prerequisites'>) {}

  async record(tenantId: string, snapshot: OrgSnapshot): Promise<void> {
    const problems = new Map(snapshot.prerequisites.map((r) => [r.salesforceUserId.toLowerCase(), r.checks.flatMap((c) => (c.ok || !c.problem ? [] : [c.problem]))]));
    this.byTenant.set(tenantId, problems);
    await this.store?.prerequisites.replace(tenantId, problems);
  }

  /** Reads the tenants' last checks from the store (at start, and now and then for other instances' checks). */
  async load(tenantIds: readonly string[]): Promise<void> {
    if (!this.store) return;
    for (const tenantId of tenantIds) this.byTenant.set(tenantId, await this.store.prerequisites.of(tenantId));
  }

  of(tenantId: string, sfUserId: string): readonly Problem[] {
    return this.byTenant.get(tenantId)?.get(sfUserId.toLowerCase()) ?? [];
  }
}

/** Reads statuses, access, users and prerequisites of the tenant's org into the store, and links agents anew. */
export async function refreshSalesforceOrg(
  store: Store,
  session: SalesforceSession,
  tenantId: string,
  config: PrerequisiteConfig,
  prerequisites?: PrerequisiteProblems,
): Promise<Result<SalesforceSnapshotSummary & { readonly snapshot: OrgSnapshot }>> {
  let snapshot: OrgSnapshot;
  try {
    snapshot = await readOrgSnapshot(session, config);
  } catch (error) {
    const failure = (error as { failure?: { code: string; message: string; kind?: string } }).failure;
    return fail({ code: failure?.code ?? 'PSYNC_SF_REFRESH_FAILED', message: failure?.message ?? String(error), ...(failure?.kind ? { details: { kind: failure.kind } } : {}) });
  }
  const summary = await store.salesforce.replaceSnapshot(tenantId, salesforceSnapshotOf(snapshot));
  await prerequisites?.record(tenantId, snapshot);
  await relinkAgents(store, tenantId);
  return ok({ ...summary, snapshot });
}

/**
 * Links CXone users to Salesforce users by federation id, e-mail or username; links set by hand
 * stay as they are. Returns who could not be linked and why.
 */
export async function relinkAgents(store: Store, tenantId: string): Promise<{ readonly linked: number; readonly unlinked: readonly { readonly cxoneUserId: string; readonly reason: string }[] }> {
  const [acdUsers, sfUsers, existing] = await Promise.all([store.cxone.users(tenantId), store.salesforce.users(tenantId), store.links.list(tenantId)]);
  const manual = existing.filter((l) => l.matchedBy === 'manual');
  const result = linkUsers(
    acdUsers.filter((u) => u.active).map((u) => ({ id: u.id, ...(u.email ? { email: u.email } : {}), ...(u.username ? { username: u.username } : {}), ...(u.federationId ? { federationId: u.federationId } : {}) })),
    sfUsers.map((u) => ({ id: u.id, username: u.username, isActive: u.active, ...(u.email ? { email: u.email } : {}), ...(u.federationId ? { federationIdentifier: u.federationId } : {}) })),
    manual.map((l) => ({ cxoneUserId: l.acdUserId, salesforceUserId: l.sfUserId })),
  );
  const kept = new Set(result.links.map((l) => l.cxoneUserId));
  for (const link of existing) if (!kept.has(link.acdUserId)) await store.links.remove(tenantId, link.acdUserId);
  for (const link of result.links) {
    await store.links.set(tenantId, { acdUserId: link.cxoneUserId, sfUserId: link.salesforceUserId, matchedBy: link.by === 'override' ? 'manual' : link.by });
  }
  return { linked: result.links.length, unlinked: result.unlinked.map((u) => ({ cxoneUserId: u.cxoneUserId, reason: u.message })) };
}
