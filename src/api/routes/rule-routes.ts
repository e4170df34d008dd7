import { z } from 'zod';
import { validateRule, type PresenceRule, type RuleValidation } from '../../domain/index.ts';
import { ApiError, notFound, problemsError } from '../errors.ts';
import { MERGE_PATCH, type RouteContext } from '../route.ts';
import { ruleCatalog } from '../rule-catalog.ts';
import { tenantParams } from '../schemas/common.ts';
import { assignBody, createRuleBody, FULL_RULE_FIELDS, patchRuleBody, ruleParams, ruleResponse, ruleVersionsResponse, ruleSchema, updateRuleBody, validateRuleBody, validationSchema } from '../schemas/rules.ts';
import type { ApiServices } from '../services.ts';

const TAKEN = new Set(['PSYNC_RULE_TEAM_TAKEN', 'PSYNC_RULE_USER_TAKEN']);

export function ruleRoutes(s: ApiServices): void {
  async function check(tenantId: string, rule: PresenceRule, options: { takeOver?: boolean } = {}): Promise<RuleValidation> {
    const [catalog, others] = await Promise.all([ruleCatalog(s.store, tenantId), s.store.rules.list(tenantId)]);
    const result = validateRule(rule, catalog, others);
    if (!options.takeOver) return result;
    const errors = result.errors.filter((e) => !TAKEN.has(e.code));
    return { ok: errors.length === 0, errors, warnings: result.warnings };
  }

  function refuse(validation: RuleValidation): void {
    if (!validation.ok) throw problemsError(422, 'PSYNC_RULE_INVALID', 'The rule was not saved:', validation.errors);
  }

  async function getRule(tenantId: string, ruleId: string): Promise<PresenceRule> {
    const rule = await s.store.rules.get(tenantId, ruleId);
    if (!rule) throw notFound('presence rule', ruleId, `List the rules of tenant ${tenantId} for their ids.`);
    return rule;
  }

  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/rules',
    tag: 'Presence rules',
    summary: 'List presence rules',
    access: 'rule_view',
    params: tenantParams,
    response: z.object({ rules: z.array(ruleSchema) }),
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      return { rules: await s.store.rules.list(params.tenantId) };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/rules/:ruleId',
    tag: 'Presence rules',
    summary: 'One presence rule with its rows, assignments and version',
    description: 'Answers `{rule}`, the shape every call about one rule answers.',
    access: 'rule_view',
    params: ruleParams,
    response: ruleResponse,
    handler: async ({ params }) => ({ rule: await getRule(params.tenantId, params.ruleId) }),
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/rules/:ruleId/versions',
    tag: 'Presence rules',
    summary: 'The rule’s versions: who saved what and when (from the audit, kept as long as the audit is)',
    access: 'rule_view',
    params: ruleParams,
    response: ruleVersionsResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const page = await s.store.audit.query({ tenantId: params.tenantId, kind: 'admin', outcomes: ['rule.create', 'rule.update', 'rule.import', 'rule.assign', 'rule.remove'], limit: 500 });
      const versions = page.entries
        .filter((e) => e.details.ruleId === params.ruleId)
        .map((e) => ({
          version: typeof e.details.version === 'number' ? e.details.version : null,
          at: e.at,
          action: e.outcome,
          by: (e.details.actor as { name?: string } | undefined)?.name ?? 'unknown',
          explanation: e.explanation,
          rule: (e.details.rule as PresenceRule | undefined) ?? null,
        }));
      if (versions.length === 0 && !(await s.store.rules.get(params.tenantId, params.ruleId))) throw notFound('presence rule', params.ruleId, `List the rules of tenant ${params.tenantId} for their ids.`);
      return { versions };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/rules/validate',
    tag: 'Presence rules',
    summary: 'Validate a rule (and its assignments) without saving it',
    description: 'Every problem with its code: errors would refuse the save, warnings would not.',
    access: 'rule_view',
    readOnly: true,
    params: tenantParams,
    body: validateRuleBody,
    response: validationSchema,
    handler: async ({ params, body }) => {
      await s.requireTenant(params.tenantId);
      const current = body.id ? await s.store.rules.get(params.tenantId, body.id) : undefined;
      const rule: PresenceRule = {
        id: body.id ?? '\u0000new',
        name: body.name,
        version: current?.version ?? 0,
        skipUnavailableCodeValidation: body.skipUnavailableCodeValidation,
        publisher: body.publisher,
        subscriber: body.subscriber,
        assignments: body.assignments ?? current?.assignments ?? { teamIds: [], userIds: [] },
      };
      return check(params.tenantId, rule);
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/rules',
    tag: 'Presence rules',
    summary: 'Create a presence rule (name, skip-validation switch, publisher and subscriber rows)',
    description: 'Refused with every problem when validation finds errors; warnings come back with the saved rule. Assign it to teams and users afterwards.',
    access: 'rule_create',
    auditAction: 'rule.create',
    idempotent: true,
    status: 201,
    params: tenantParams,
    body: createRuleBody,
    response: ruleResponse,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const id = body.id ?? s.newId();
      if (body.id && (await s.store.rules.get(params.tenantId, body.id))) throw new ApiError(409, 'PSYNC_RULE_EXISTS', `Rule "${body.id}" exists; edit it with PUT, or choose another id.`, { ruleId: body.id });
      const input = { id, name: body.name, skipUnavailableCodeValidation: body.skipUnavailableCodeValidation, publisher: body.publisher, subscriber: body.subscriber };
      const validation = await check(params.tenantId, { ...input, version: 0, assignments: { teamIds: [], userIds: [] } });
      refuse(validation);
      const rule = await s.store.rules.save(params.tenantId, input);
      audit({ explanation: `Created presence rule "${rule.name}" (${rule.publisher.length} publisher, ${rule.subscriber.length} subscriber rows).`, details: { ruleId: rule.id, version: rule.version, rule } });
      return { rule, warnings: validation.warnings };
    },
  });
  async function edit(tenantId: string, current: PresenceRule, fields: Pick<PresenceRule, 'name' | 'skipUnavailableCodeValidation' | 'publisher' | 'subscriber'>, expectedVersion: number | undefined, audit: RouteContext<unknown, unknown, unknown>['audit']) {
    const input = { id: current.id, ...fields };
    const validation = await check(tenantId, { ...input, version: current.version, assignments: current.assignments });
    refuse(validation);
    const rule = await s.store.rules.save(tenantId, input, expectedVersion);
    const changed = FULL_RULE_FIELDS.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(rule[f]));
    audit({
      explanation: `Edited presence rule "${rule.name}": version ${current.version} → ${rule.version}${changed.length > 0 ? ` (${changed.join(', ')})` : ' (no field changed)'}.`,
      details: { ruleId: rule.id, from: current.version, to: rule.version, version: rule.version, changed, rule },
    });
    return { rule, warnings: validation.warnings };
  }

  s.routes.add({
    method: 'PUT',
    path: '/tenants/:tenantId/rules/:ruleId',
    tag: 'Presence rules',
    summary: 'Replace a presence rule: name, skip switch and every row (a new version; assignments stay)',
    description:
      'PUT replaces the whole rule, so every field is required: a body without name, skipUnavailableCodeValidation, publisher or subscriber is refused with 422 PSYNC_RULE_INCOMPLETE naming each missing field, and nothing is saved. To change single fields send a JSON merge patch with PATCH.',
    access: 'rule_edit',
    auditAction: 'rule.update',
    params: ruleParams,
    body: updateRuleBody,
    response: ruleResponse,
    handler: async ({ params, body, audit }) => {
      const current = await getRule(params.tenantId, params.ruleId);
      const missing = FULL_RULE_FIELDS.filter((f) => body[f] === undefined);
      if (missing.length > 0) {
        throw new ApiError(
          422,
          'PSYNC_RULE_INCOMPLETE',
          `PUT replaces the whole rule, and the body lacks ${missing.join(', ')}; saving it would drop them. Send the full rule (GET it first), or change single fields with PATCH (Content-Type: application/merge-patch+json). Nothing was saved.`,
          { missing },
        );
      }
      return edit(params.tenantId, current, { name: body.name!, skipUnavailableCodeValidation: body.skipUnavailableCodeValidation!, publisher: body.publisher!, subscriber: body.subscriber! }, body.expectedVersion, audit);
    },
  });
  s.routes.add({
    method: 'PATCH',
    path: '/tenants/:tenantId/rules/:ruleId',
    tag: 'Presence rules',
    summary: 'Change single fields of a presence rule (JSON merge patch; a new version)',
    description:
      'A JSON merge patch (RFC 7396, `Content-Type: application/merge-patch+json`; `application/json` is read the same way): the fields named replace the stored ones, a row list as a whole; every field not named keeps its stored value. The result is validated like any rule.',
    access: 'rule_edit',
    auditAction: 'rule.update',
    bodyContentTypes: [MERGE_PATCH, 'application/json'],
    params: ruleParams,
    body: patchRuleBody,
    response: ruleResponse,
    handler: async ({ params, body, audit }) => {
      const current = await getRule(params.tenantId, params.ruleId);
      return edit(
        params.tenantId,
        current,
        {
          name: body.name ?? current.name,
          skipUnavailableCodeValidation: body.skipUnavailableCodeValidation ?? current.skipUnavailableCodeValidation,
          publisher: body.publisher ?? current.publisher,
          subscriber: body.subscriber ?? current.subscriber,
        },
        body.expectedVersion,
        audit,
      );
    },
  });
  s.routes.add({
    method: 'PUT',
    path: '/tenants/:tenantId/rules/:ruleId/assignments',
    tag: 'Presence rules',
    summary: 'Assign the rule to teams (Teams tab) and users (Users tab), then save',
    description: 'Unless the rule skips unavailable-code validation, a team that lacks a code the rule uses is refused with the missing codes named.',
    access: 'rule_assign',
    auditAction: 'rule.assign',
    params: ruleParams,
    body: assignBody,
    response: ruleResponse,
    handler: async ({ params, body, audit }) => {
      const current = await getRule(params.tenantId, params.ruleId);
      const assignments = { teamIds: [...new Set(body.teamIds)], userIds: [...new Set(body.userIds)] };
      const validation = await check(params.tenantId, { ...current, assignments }, { takeOver: body.takeOver });
      refuse(validation);
      const rule = await s.store.rules.assign(params.tenantId, params.ruleId, assignments, { takeOver: body.takeOver });
      audit({ explanation: `Assigned presence rule "${rule.name}" to ${assignments.teamIds.length} team(s) and ${assignments.userIds.length} user(s).`, details: { ruleId: rule.id, ...assignments, version: rule.version, rule } });
      return { rule, warnings: validation.warnings };
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tenants/:tenantId/rules/:ruleId',
    tag: 'Presence rules',
    summary: 'Delete a presence rule (its teams and users stop being synced by it)',
    access: 'rule_edit',
    auditAction: 'rule.remove',
    params: ruleParams,
    status: 204,
    response: z.undefined(),
    handler: async ({ params, audit }) => {
      const rule = await getRule(params.tenantId, params.ruleId);
      await s.store.rules.remove(params.tenantId, params.ruleId);
      audit({ explanation: `Deleted presence rule "${rule.name}" (version ${rule.version}).`, details: { ruleId: rule.id } });
      return undefined;
    },
  });
}
