import { tenantParams } from '../schemas/common.ts';
import { auditQuery, auditResponse } from '../schemas/agents.ts';
import type { ApiServices } from '../services.ts';

export function auditRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/audit',
    tag: 'Audit',
    summary: 'Audit: every decision, dispatch and admin action; filter by agent, time, outcome, kind; paged newest first',
    access: 'audit_view',
    params: tenantParams,
    query: auditQuery,
    response: auditResponse,
    handler: async ({ params, query }) => {
      await s.requireTenant(params.tenantId);
      const outcomes = query.outcome?.split(',').map((o) => o.trim()).filter(Boolean);
      return s.store.audit.query({
        tenantId: params.tenantId,
        limit: query.limit,
        ...(query.agentId ? { agentId: query.agentId } : {}),
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
        ...(outcomes && outcomes.length > 0 ? { outcomes } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    },
  });
}
