import type { Clock } from './clock.ts';
import type { CxoneClient } from './client.ts';
import { failed, success, type CxoneResult } from './failure.ts';
import type { CxoneAgent, CxoneTeam, CxoneUnavailableCode } from './payloads.ts';
import { withRetry } from './retry.ts';

export interface CxoneTeamWithCodes extends CxoneTeam {
  /** The unavailable codes assigned to the team (ids as in {@link CxoneUnavailableCode.id}). */
  readonly unavailableCodeIds: readonly string[];
}

/** What "Get CXone users" read from CXone, whole; the store diffs it against what it holds. */
export interface CxoneDirectorySnapshot {
  /** Hub clock, epoch ms. */
  readonly fetchedAt: number;
  /** Every agent (user) of the business unit, active or not. */
  readonly users: readonly CxoneAgent[];
  readonly teams: readonly CxoneTeamWithCodes[];
  /** Every code known: the tenant's list, plus any a team lists that the tenant list lacks. */
  readonly unavailableCodes: readonly CxoneUnavailableCode[];
}

export interface EntityChanges {
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
}

export interface CxoneDirectoryChangeSummary {
  readonly users: EntityChanges;
  readonly teams: EntityChanges;
  readonly unavailableCodes: EntityChanges;
  readonly teamCodeAssignments: { readonly added: number; readonly removed: number };
}

/** The store's side of "Get CXone users": replace the tenant's directory and say what changed. */
export interface CxoneDirectorySink {
  replace(tenant: string, snapshot: CxoneDirectorySnapshot): Promise<CxoneDirectoryChangeSummary>;
}

export type DirectoryClient = Pick<CxoneClient, 'listAgents' | 'listTeams' | 'listUnavailableCodes' | 'listTeamUnavailableCodes'>;

/** How many teams' code lists are read at once (the tenant's rate limit still applies). */
const TEAM_CONCURRENCY = 4;

/** Reads users, teams, unavailable codes and each team's codes (each call retried on passing failures). */
export async function fetchCxoneDirectory(client: DirectoryClient, clock: Clock): Promise<CxoneResult<CxoneDirectorySnapshot>> {
  const [users, teams, codes] = await Promise.all([
    withRetry(() => client.listAgents(), clock),
    withRetry(() => client.listTeams(), clock),
    withRetry(() => client.listUnavailableCodes(), clock),
  ]);
  if (!users.ok) return users;
  if (!teams.ok) return teams;
  if (!codes.ok) return codes;

  const withCodes: CxoneTeamWithCodes[] = new Array(teams.value.length);
  const extraCodes = new Map<string, CxoneUnavailableCode>();
  let next = 0;
  let failure: CxoneResult<never> | undefined;
  const worker = async () => {
    while (failure === undefined && next < teams.value.length) {
      const index = next++;
      const team = teams.value[index] as CxoneTeam;
      const teamCodes = await withRetry(() => client.listTeamUnavailableCodes(team.teamId), clock);
      if (!teamCodes.ok) {
        failure ??= teamCodes;
        return;
      }
      for (const code of teamCodes.value) extraCodes.set(code.id, code);
      withCodes[index] = { ...team, unavailableCodeIds: teamCodes.value.map((c) => c.id) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(TEAM_CONCURRENCY, teams.value.length) }, worker));
  if (failure !== undefined) return failure;

  const known = new Set(codes.value.map((c) => c.id));
  const unavailableCodes = [...codes.value, ...[...extraCodes.values()].filter((c) => !known.has(c.id))];
  return success({ fetchedAt: clock.now(), users: users.value, teams: withCodes, unavailableCodes });
}

/** "Get CXone users" (M5.2): read the directory and hand it to the store; answers the store's summary. */
export async function getCxoneUsers(
  tenant: string,
  client: DirectoryClient,
  sink: CxoneDirectorySink,
  clock: Clock,
): Promise<CxoneResult<{ readonly snapshot: CxoneDirectorySnapshot; readonly summary: CxoneDirectoryChangeSummary }>> {
  const snapshot = await fetchCxoneDirectory(client, clock);
  if (!snapshot.ok) return snapshot;
  try {
    return success({ snapshot: snapshot.value, summary: await sink.replace(tenant, snapshot.value) });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return failed({ kind: 'retryable', status: 0, code: 'PSYNC_CXONE_DIRECTORY_NOT_SAVED', message: `The CXone users were read but could not be saved (${cause}). Try "Get CXone users" again.` });
  }
}
