import { sameSalesforceId, toId18 } from '../../domain/index.ts';

/** A CXone user as the linker needs it. */
export interface CxoneUserRef {
  readonly id: string;
  readonly email?: string;
  readonly username?: string;
  readonly federationId?: string;
}

/** A Salesforce user as the linker needs it. */
export interface SalesforceUserRef {
  readonly id: string;
  readonly email?: string;
  readonly username: string;
  readonly federationIdentifier?: string;
  readonly isActive: boolean;
}

export type LinkMatchKey = 'federation_id' | 'email' | 'username';

/** An administrator's decision for one CXone user: this Salesforce user, or none at all. */
export interface LinkOverride {
  readonly cxoneUserId: string;
  /** `null`: never link this CXone user. */
  readonly salesforceUserId: string | null;
}

export interface UserLink {
  readonly cxoneUserId: string;
  /** 18 characters. */
  readonly salesforceUserId: string;
  readonly by: 'override' | LinkMatchKey;
}

export interface UnlinkedUser {
  readonly cxoneUserId: string;
  readonly code: string;
  readonly message: string;
  /** Salesforce users that matched when there were several (18 characters). */
  readonly candidates?: readonly string[];
}

export interface LinkReport {
  readonly links: readonly UserLink[];
  readonly unlinked: readonly UnlinkedUser[];
}

/** Keys tried in this order; federation IDs are the most deliberate, usernames the least. */
export const DEFAULT_MATCH_ORDER: readonly LinkMatchKey[] = ['federation_id', 'email', 'username'];

const norm = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim().toLowerCase();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

const cxoneKey = (user: CxoneUserRef, key: LinkMatchKey) =>
  norm(key === 'federation_id' ? user.federationId : key === 'email' ? user.email : user.username);
const salesforceKey = (user: SalesforceUserRef, key: LinkMatchKey) =>
  norm(key === 'federation_id' ? user.federationIdentifier : key === 'email' ? user.email : user.username);

/**
 * Links CXone users to Salesforce users: an override first, then by federation ID, e-mail or
 * username (case-insensitive), preferring active Salesforce users. A Salesforce user is linked to
 * at most one CXone user; everyone left over is reported with the reason.
 */
export function linkUsers(
  cxoneUsers: readonly CxoneUserRef[],
  salesforceUsers: readonly SalesforceUserRef[],
  overrides: readonly LinkOverride[] = [],
  matchOrder: readonly LinkMatchKey[] = DEFAULT_MATCH_ORDER,
): LinkReport {
  const byId = new Map<string, SalesforceUserRef>();
  for (const user of salesforceUsers) {
    const id = toId18(user.id);
    if (id.ok) byId.set(id.value.toLowerCase(), { ...user, id: id.value });
  }
  const indexes = new Map(matchOrder.map((key) => [key, indexBy([...byId.values()], key)]));
  const overrideFor = new Map(overrides.map((o) => [o.cxoneUserId, o.salesforceUserId]));
  const taken = new Map<string, string>();
  const links: UserLink[] = [];
  const unlinked: UnlinkedUser[] = [];
  const proposed: { cxoneUserId: string; salesforceUserId: string; by: LinkMatchKey }[] = [];

  for (const cx of cxoneUsers) {
    if (!overrideFor.has(cx.id)) continue;
    const target = overrideFor.get(cx.id) ?? null;
    if (target === null) {
      unlinked.push({ cxoneUserId: cx.id, code: 'PSYNC_LINK_EXCLUDED', message: 'An administrator chose not to link this user to Salesforce.' });
      continue;
    }
    const sf = [...byId.values()].find((u) => sameSalesforceId(u.id, target));
    if (sf === undefined) {
      unlinked.push({ cxoneUserId: cx.id, code: 'PSYNC_LINK_OVERRIDE_UNKNOWN', message: `The chosen Salesforce user ${target} does not exist in the org (any more). Choose another user.` });
    } else if (taken.has(sf.id)) {
      unlinked.push({ cxoneUserId: cx.id, code: 'PSYNC_LINK_OVERRIDE_TAKEN', message: `The Salesforce user ${sf.username} is already linked by hand to CXone user ${taken.get(sf.id)}. A Salesforce user can be one agent only.`, candidates: [sf.id] });
    } else {
      taken.set(sf.id, cx.id);
      links.push({ cxoneUserId: cx.id, salesforceUserId: sf.id, by: 'override' });
    }
  }

  for (const cx of cxoneUsers) {
    if (overrideFor.has(cx.id)) continue;
    const outcome = match(cx, indexes, matchOrder);
    if ('problem' in outcome) unlinked.push({ cxoneUserId: cx.id, ...outcome.problem });
    else proposed.push({ cxoneUserId: cx.id, salesforceUserId: outcome.user.id, by: outcome.by });
  }

  const claims = new Map<string, string[]>();
  for (const p of proposed) claims.set(p.salesforceUserId, [...(claims.get(p.salesforceUserId) ?? []), p.cxoneUserId]);
  for (const p of proposed) {
    const sf = byId.get(p.salesforceUserId.toLowerCase()) as SalesforceUserRef;
    const others = (claims.get(p.salesforceUserId) ?? []).filter((id) => id !== p.cxoneUserId);
    if (taken.has(p.salesforceUserId)) {
      unlinked.push({ cxoneUserId: p.cxoneUserId, code: 'PSYNC_LINK_TAKEN', message: `The matching Salesforce user ${sf.username} is linked by hand to CXone user ${taken.get(p.salesforceUserId)}. Link this user by hand.`, candidates: [p.salesforceUserId] });
    } else if (others.length > 0) {
      unlinked.push({ cxoneUserId: p.cxoneUserId, code: 'PSYNC_LINK_SHARED', message: `The Salesforce user ${sf.username} matches this CXone user and ${others.join(', ')}. Link them by hand.`, candidates: [p.salesforceUserId] });
    } else {
      links.push(p);
    }
  }
  return { links, unlinked };
}

function indexBy(users: readonly SalesforceUserRef[], key: LinkMatchKey): Map<string, SalesforceUserRef[]> {
  const index = new Map<string, SalesforceUserRef[]>();
  for (const user of users) {
    const value = salesforceKey(user, key);
    if (value !== undefined) index.set(value, [...(index.get(value) ?? []), user]);
  }
  return index;
}

type MatchOutcome = { user: SalesforceUserRef; by: LinkMatchKey } | { problem: Omit<UnlinkedUser, 'cxoneUserId'> };

function match(cx: CxoneUserRef, indexes: Map<LinkMatchKey, Map<string, SalesforceUserRef[]>>, matchOrder: readonly LinkMatchKey[]): MatchOutcome {
  let inactive: SalesforceUserRef | undefined;
  for (const key of matchOrder) {
    const value = cxoneKey(cx, key);
    const found = value === undefined ? [] : (indexes.get(key)?.get(value) ?? []);
    const active = found.filter((u) => u.isActive);
    if (active.length === 1) return { user: active[0] as SalesforceUserRef, by: key };
    if (active.length > 1) {
      return {
        problem: {
          code: 'PSYNC_LINK_AMBIGUOUS',
          message: `${active.length} active Salesforce users have this ${label(key)} (${value}). Link this user by hand, or make the ${label(key)} unique.`,
          candidates: active.map((u) => u.id),
        },
      };
    }
    inactive ??= found[0];
  }
  if (inactive !== undefined) {
    return { problem: { code: 'PSYNC_LINK_SF_INACTIVE', message: `The matching Salesforce user ${inactive.username} is inactive. Activate it or link another user by hand.`, candidates: [inactive.id] } };
  }
  return {
    problem: {
      code: 'PSYNC_LINK_NO_MATCH',
      message: `No Salesforce user has this user's ${matchOrder.map(label).join(', ')}. Make them match, or link the user by hand.`,
    },
  };
}

function label(key: LinkMatchKey): string {
  return key === 'federation_id' ? 'federation ID' : key === 'email' ? 'e-mail' : 'username';
}
