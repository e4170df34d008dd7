import { z } from 'zod';
import { decide, describeAcdState, describePresence, resolveRule, toId18, type PresenceEvent } from '../../domain/index.ts';
import { createContextBuilder } from '../../engine/index.ts';
import type { AuditEntry } from '../../store/index.ts';
import { readAgentFacts } from '../agent-facts.ts';
import { agentProblems, lastDecision, nameOf, observedView } from '../agent-view.ts';
import { ApiError, notFound } from '../errors.ts';
import { tenantParams } from '../schemas/common.ts';
import { agentDetailSchema, agentParams, agentsQuery, agentsResponse, dryRunBody, dryRunResponse, explainResponse, linkBody, linkSchema } from '../schemas/agents.ts';
import type { ApiServices } from '../services.ts';

const iso = (at: number) => new Date(at).toISOString();

export function agentRoutes(s: ApiServices): void {
  const connected = (tenantId: string) => s.deps.live?.connectedAgents(tenantId);

  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/agent-links',
    tag: 'Agents',
    summary: 'CXone user ↔ Salesforce user links (by e-mail, username, federation id, or by hand)',
    access: 'account_mapping_view',
    params: tenantParams,
    response: z.object({ links: z.array(linkSchema) }),
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const [links, users, sfUsers] = await Promise.all([s.store.links.list(params.tenantId), s.store.cxone.users(params.tenantId), s.store.salesforce.users(params.tenantId)]);
      const acd = new Map(users.map((u) => [u.id, u]));
      const sf = new Map(sfUsers.map((u) => [u.id.toLowerCase(), u]));
      return { links: links.map((l) => ({ ...l, acdName: acd.has(l.acdUserId) ? nameOf(acd.get(l.acdUserId), l.acdUserId) : null, sfUsername: sf.get(l.sfUserId.toLowerCase())?.username ?? null })) };
    },
  });
  s.routes.add({
    method: 'PUT',
    path: '/tenants/:tenantId/agent-links/:agentId',
    tag: 'Agents',
    summary: 'Link a CXone user to a Salesforce user by hand (overrides automatic matching)',
    access: 'account_mapping_edit',
    auditAction: 'agent_link.set',
    params: agentParams,
    body: linkBody,
    response: linkSchema,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const acdUser = await s.store.cxone.user(params.tenantId, params.agentId);
      if (!acdUser) throw notFound('CXone user', params.agentId, 'Run "Get CXone users" and pick the user again.');
      const id = toId18(body.sfUserId, 'Salesforce user ID');
      if (!id.ok) throw new ApiError(400, 'PSYNC_VALIDATION', id.problems.map((p) => p.message).join(' '), { fields: [{ field: 'body.sfUserId', message: id.problems[0]?.message ?? '' }] });
      const sfUser = await s.store.salesforce.user(params.tenantId, id.value);
      if (!sfUser) throw notFound('Salesforce user', body.sfUserId, 'Read the org again (POST …/salesforce/refresh) and pick the user again.');
      const link = { acdUserId: params.agentId, sfUserId: sfUser.id, matchedBy: 'manual' as const };
      await s.store.links.set(params.tenantId, link);
      audit({ agentId: params.agentId, explanation: `Linked CXone user ${nameOf(acdUser, params.agentId)} to Salesforce user ${sfUser.username} by hand.`, details: { sfUserId: sfUser.id } });
      return { ...link, acdName: nameOf(acdUser, params.agentId), sfUsername: sfUser.username };
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tenants/:tenantId/agent-links/:agentId',
    tag: 'Agents',
    summary: 'Remove an agent’s link (the agent stops being synced until linked again)',
    access: 'account_mapping_edit',
    auditAction: 'agent_link.remove',
    params: agentParams,
    status: 204,
    response: z.undefined(),
    handler: async ({ params, audit }) => {
      await s.requireTenant(params.tenantId);
      if (!(await s.store.links.remove(params.tenantId, params.agentId))) throw notFound('link of agent', params.agentId, 'List the links for the linked agents.');
      audit({ agentId: params.agentId, explanation: `Removed the link of agent ${params.agentId}.` });
      return undefined;
    },
  });

  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/agents',
    tag: 'Agents',
    summary: 'Live board: each agent’s CXone state and Omni-Channel status, last decision, console connected, problems',
    access: 'audit_view',
    params: tenantParams,
    query: agentsQuery,
    response: agentsResponse,
    handler: async ({ params, query }) => {
      const tenant = await s.requireTenant(params.tenantId);
      const [users, links, sfUsers, statuses] = await Promise.all([s.store.cxone.users(params.tenantId), s.store.links.list(params.tenantId), s.store.salesforce.users(params.tenantId), s.store.salesforce.statuses(params.tenantId)]);
      const linkOf = new Map(links.map((l) => [l.acdUserId, l]));
      const sf = new Map(sfUsers.map((u) => [u.id.toLowerCase(), u]));
      const statusMap = new Map(statuses.map((st) => [st.id.toLowerCase(), st]));
      const consoles = connected(params.tenantId);
      const needle = query.search?.toLowerCase();
      let rows = users
        .filter((u) => !needle || [nameOf(u, u.id), u.email ?? '', u.username ?? '', u.id].some((f) => f.toLowerCase().includes(needle)))
        .map((u) => {
          const link = linkOf.get(u.id);
          const sfUser = link ? sf.get(link.sfUserId.toLowerCase()) : undefined;
          return { user: u, link, sfUser, problems: agentProblems(params.tenantId, u.id, tenant.switches, u, link, sfUser, s.deps.prerequisiteProblems) };
        });
      if (query.problemsOnly) rows = rows.filter((r) => r.problems.length > 0);
      const page = rows.slice(query.offset, query.offset + query.limit);
      const agents = await Promise.all(
        page.map(async ({ user, link, sfUser, problems }) => ({
          agentId: user.id,
          name: nameOf(user, user.id),
          teamId: user.teamId,
          active: user.active,
          link: link ? { sfUserId: link.sfUserId, sfUsername: sfUser?.username ?? null, matchedBy: link.matchedBy } : null,
          ...observedView(await s.store.syncState.observed(params.tenantId, user.id), statusMap),
          consoleConnected: consoles ? consoles.has(user.id) : null,
          lastDecision: await lastDecision(s.store, params.tenantId, user.id),
          problems,
        })),
      );
      return { agents, total: rows.length };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/agents/:agentId',
    tag: 'Agents',
    summary: 'One agent: both sides, rule in force, pending changes, problems',
    access: 'audit_view',
    params: agentParams,
    response: agentDetailSchema,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const facts = await readAgentFacts(s.store, params.tenantId, params.agentId, s.clock.now());
      if (!facts.acdUser && !facts.link) throw notFound('agent', params.agentId, 'Run "Get CXone users"; agents are CXone users.');
      const consoles = connected(params.tenantId);
      const rule = resolveRule(facts.rules, { userId: params.agentId, teamId: facts.acdUser?.teamId ?? null });
      const pending = (await s.store.mailbox.list(params.tenantId, { agentId: params.agentId })).filter((i) => i.status === 'pending' || i.status === 'dead');
      return {
        agentId: params.agentId,
        name: nameOf(facts.acdUser, params.agentId),
        teamId: facts.acdUser?.teamId ?? null,
        active: facts.acdUser?.active ?? false,
        link: facts.link ? { sfUserId: facts.link.sfUserId, sfUsername: facts.sfUser?.username ?? null, matchedBy: facts.link.matchedBy } : null,
        ...observedView(facts.observed, facts.statuses),
        consoleConnected: consoles ? consoles.has(params.agentId) : null,
        lastDecision: await lastDecision(s.store, params.tenantId, params.agentId),
        problems: agentProblems(params.tenantId, params.agentId, facts.switches, facts.acdUser, facts.link, facts.sfUser, s.deps.prerequisiteProblems),
        pending: pending.map((i) => ({ target: i.target, status: i.status, attempts: i.attempts, lastError: i.lastError, stateKey: i.desired.stateKey })),
        rule: rule ? { id: rule.rule.id, name: rule.rule.name, version: rule.rule.version, via: rule.via } : null,
      };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/agents/:agentId/explain',
    tag: 'Audit',
    summary: 'Why is this agent in this state? (from the audit)',
    access: 'audit_view',
    params: agentParams,
    response: explainResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const [observed, statuses, acdUser, page] = await Promise.all([
        s.store.syncState.observed(params.tenantId, params.agentId),
        s.store.salesforce.statuses(params.tenantId),
        s.store.cxone.user(params.tenantId, params.agentId),
        s.store.audit.query({ tenantId: params.tenantId, agentId: params.agentId, kind: 'decision', limit: 200 }),
      ]);
      const view = observedView(observed, new Map(statuses.map((st) => [st.id.toLowerCase(), st])));
      const causeOf = (side: 'cxone' | 'salesforce'): AuditEntry | null =>
        page.entries.find((e) => {
          const d = e.details as { write?: { side?: string }; event?: { side?: string } };
          return d.write?.side === side || (d.event?.side === side && e.outcome !== 'stale' && e.outcome !== 'echo');
        }) ?? null;
      const cx = causeOf('cxone');
      const sf = causeOf('salesforce');
      const name = nameOf(acdUser, params.agentId);
      const part = (label: string, state: { label: string; at: number; origin: string } | null, cause: AuditEntry | null) =>
        state
          ? `In ${label} ${name} shows ${state.label} (seen ${iso(state.at)} from ${state.origin}).${cause ? ` ${(cause.details as { write?: { side?: string } }).write?.side && cause.outcome === 'write' ? 'The hub set it' : 'Last decision about it'} at ${iso(cause.at)}: ${cause.explanation}` : ' No decision about it is in the audit (kept 30 days).'}`
          : `The hub has not seen ${name} in ${label} yet.`;
      return {
        agentId: params.agentId,
        answer: `${part('CXone', view.cxone, cx)} ${part('Salesforce', view.salesforce, sf)}`,
        cxone: { state: view.cxone, because: cx },
        salesforce: { state: view.salesforce, because: sf },
        recent: page.entries.slice(0, 20),
      };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/dry-run',
    tag: 'Dry run',
    summary: 'If agent X went to state S on side Y, what would happen and why?',
    description: 'Runs the sync’s decision on the agent’s current context (rules, observed states, history, switches) without touching CXone, Salesforce or the store.',
    access: 'rule_view',
    readOnly: true,
    params: tenantParams,
    body: dryRunBody,
    response: dryRunResponse,
    handler: async ({ params, body }) => {
      await s.requireTenant(params.tenantId);
      const now = s.clock.now();
      const facts = await readAgentFacts(s.store, params.tenantId, body.agentId, now);
      if (!facts.acdUser && !facts.link) throw notFound('agent', body.agentId, 'Run "Get CXone users"; agents are CXone users.');
      const event: PresenceEvent =
        body.side === 'cxone'
          ? { agentId: body.agentId, observation: { side: 'cxone', state: body.state }, at: now, origin: 'cxone_feed' }
          : { agentId: body.agentId, observation: { side: 'salesforce', presence: body.presence }, at: now, origin: 'console_manual' };
      const prerequisiteProblems = s.deps.prerequisiteProblems;
      const decision = decide(event, createContextBuilder(prerequisiteProblems ? { prerequisiteProblems } : {})(facts, event));
      const write = decision.write
        ? { side: decision.write.side, stateKey: decision.write.stateKey, label: decision.write.side === 'cxone' ? describeAcdState(decision.write.state) : describePresence(decision.write.presence, facts.statuses) }
        : null;
      return { outcome: decision.outcome, reason: decision.reason, explanation: decision.explanation, write, rule: decision.rule ?? null, row: decision.row ?? null, blockers: decision.blockers ?? [] };
    },
  });
}
