import { confirmCxoneImport, exportCxoneRule, previewCxoneImport, pushCxoneRule, readTenantAdapterRule, type AdminActor } from '../../admin/cxone-rules/index.ts';
import type { AdapterRule } from '../../domain/index.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { ApiError } from '../errors.ts';
import { tenantParams } from '../schemas/common.ts';
import { exportResponse, importConfirmBody, importPreviewBody, importPreviewResponse, pushBody, pushResponse, adapterRuleSchema } from '../schemas/cxone-rules.ts';
import { ruleParams, ruleResponse } from '../schemas/rules.ts';
import type { ApiServices } from '../services.ts';

const TAG = 'Presence rules';

const actorFor = (principal: Principal, route: string): AdminActor => ({ label: `${principal.kind === 'token' ? 'API token' : 'User'} ${principal.name}`, details: actorOf(principal), route });

/** Moving rules between CXone's built-in Presence Sync (NICE's adapter rule format) and this hub. */
export function cxoneRuleRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/rules/cxone-import/preview',
    tag: TAG,
    summary: 'Import from CXone, step 1: what NICE’s Presence Sync rule would become (nothing is saved)',
    description:
      'Reads CXone’s rule for the org of the saved account mapping (`source: "tenant"`) or takes one in NICE’s format (`source: "file"`, `adapterRule`), maps each state to ACD states / unavailable codes and Salesforce statuses by developer name, and answers every row with the row it becomes or why it cannot, with the checks of any rule (unknown states, codes a team lacks, ping-pong). Confirm with POST …/rules/cxone-import.',
    access: 'rule_create',
    readOnly: true,
    params: tenantParams,
    body: importPreviewBody,
    response: importPreviewResponse,
    handler: async ({ params, body }) => {
      await s.requireTenant(params.tenantId);
      let adapterRule: AdapterRule;
      let partnerId: string | null = null;
      if (body.source === 'file') {
        if (!body.adapterRule) throw new ApiError(400, 'PSYNC_VALIDATION', 'The request is not valid; fix these fields and send it again: body.adapterRule: give NICE’s rule (the JSON file’s content) with source "file".', { fields: [{ field: 'body.adapterRule', message: 'Give NICE’s rule with source "file".' }] });
        adapterRule = body.adapterRule;
      } else {
        const read = await readTenantAdapterRule(s.store, s.deps.cxone, params.tenantId);
        adapterRule = read.rule;
        partnerId = read.partnerId;
      }
      const preview = await previewCxoneImport(s.store, params.tenantId, adapterRule, body);
      return { adapterRule, partnerId, ...preview };
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/rules/cxone-import',
    tag: TAG,
    summary: 'Import from CXone, step 2: save NICE’s rule as previewed, once confirmed',
    description:
      'Makes the preview again from `adapterRule` and saves the rule (a new one, or the rows of `ruleId`) only if it passes every check of a rule and every row could be carried over, or `skipUnmapped` confirms leaving those out. The rule and its audit entry are one transaction.',
    access: 'rule_create',
    auditAction: 'rule.import',
    auditedByAction: true,
    params: tenantParams,
    body: importConfirmBody,
    response: ruleResponse,
    handler: async ({ params, body, principal }) => {
      await s.requireTenant(params.tenantId);
      if (body.ruleId && (await s.store.rules.get(params.tenantId, body.ruleId)) && !principal.permissions.has('rule_edit')) {
        throw new ApiError(403, 'PSYNC_FORBIDDEN', 'Importing into an existing rule changes it: this needs the permission Rule Edit.');
      }
      const saved = await confirmCxoneImport(s.store, params.tenantId, body.adapterRule, body, actorFor(principal, 'POST /tenants/:tenantId/rules/cxone-import'), s.newId);
      return { rule: saved.rule, warnings: saved.warnings };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/rules/:ruleId/cxone-export',
    tag: TAG,
    summary: 'A rule in NICE’s Presence Sync format, with the rows that format cannot carry',
    access: 'rule_view',
    params: ruleParams,
    response: exportResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const exported = await exportCxoneRule(s.store, params.tenantId, params.ruleId);
      return { ruleId: params.ruleId, ruleName: exported.ruleName, version: exported.version, adapterRule: exported.rule, unmapped: exported.unmapped };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/rules/:ruleId/cxone-export/file',
    tag: TAG,
    summary: 'Download a rule as a JSON file in NICE’s Presence Sync format (what CXone’s adapter API takes)',
    description: 'The file holds only `publisherStateMap` and `subscriberStateMap`; rows NICE’s format cannot carry are left out (GET …/cxone-export names them). It imports back with source "file".',
    access: 'rule_view',
    params: ruleParams,
    response: adapterRuleSchema,
    handler: async ({ params, reply }) => {
      await s.requireTenant(params.tenantId);
      const exported = await exportCxoneRule(s.store, params.tenantId, params.ruleId);
      const file = `${params.ruleId.replace(/[^A-Za-z0-9._-]/g, '_')}-cxone-presence-rule.json`;
      void reply.header('Content-Disposition', `attachment; filename="${file}"`);
      return exported.rule;
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/rules/:ruleId/cxone-export/push',
    tag: TAG,
    summary: 'Push a rule to CXone’s Presence Sync adapter (to return to CXone’s built-in sync)',
    description: 'Writes the rule in NICE’s format to `PUT /adapter-apis/v1/salesforce/rule/{org}` through the tenant’s CXone connection. A rule with rows NICE’s format cannot carry is pushed only with `skipUnmapped`. The audit entry keeps what CXone held before.',
    access: 'rule_edit',
    auditAction: 'rule.cxone_push',
    auditedByAction: true,
    params: ruleParams,
    body: pushBody.optional().default({ skipUnmapped: false }),
    response: pushResponse,
    handler: async ({ params, body, principal }) => {
      await s.requireTenant(params.tenantId);
      return pushCxoneRule(s.store, s.deps.cxone, params.tenantId, params.ruleId, body, actorFor(principal, 'POST /tenants/:tenantId/rules/:ruleId/cxone-export/push'));
    },
  });
}
