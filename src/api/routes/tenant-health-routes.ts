import { renderText } from '../../health/index.ts';
import type { HealthProblem } from '../../store/index.ts';
import { tenantParams } from '../schemas/common.ts';
import { healthQuery, healthResponse } from '../schemas/health.ts';
import type { ApiServices } from '../services.ts';

const RANK = { critical: 2, warning: 1 } as const;

export const problemView = (p: HealthProblem) => {
  const text = renderText(p.code, p.params);
  return { id: p.id, code: p.code, severity: p.severity, ...text, affected: p.affected, openedAt: p.openedAt, lastSeenAt: p.lastSeenAt, clearedAt: p.clearedAt };
};

export function tenantHealthRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/health',
    tag: 'Health',
    summary: 'Tenant health: the open problems the hub found (what, since when, who is affected, what to do) and their history',
    description:
      'The hub checks every tenant continuously (PRESENCE_SYNC_HEALTH_INTERVAL_MS): credentials on both sides, rules naming statuses or codes that are gone, agents failing prerequisites, consoles missing, sustained divergence, dead letters, CXone feed lag, rate limiting. Texts come in English and Japanese.',
    access: 'health_view',
    params: tenantParams,
    query: healthQuery,
    response: healthResponse,
    handler: async ({ params, query }) => {
      await s.requireTenant(params.tenantId);
      const [open, history, evaluation, credentials] = await Promise.all([
        s.store.health.open(params.tenantId),
        s.store.health.history(params.tenantId, query.historyLimit),
        s.store.health.lastEvaluation(params.tenantId),
        s.store.health.credentials(params.tenantId),
      ]);
      const sorted = [...open].sort((a, b) => RANK[b.severity] - RANK[a.severity] || b.openedAt - a.openedAt);
      const worst = sorted[0]?.severity;
      return {
        tenantId: params.tenantId,
        status: worst ?? ('ok' as const),
        evaluatedAt: evaluation?.at ?? null,
        evaluatedBy: evaluation?.instanceId ?? null,
        open: sorted.map(problemView),
        history: history.map(problemView),
        credentials: credentials.map(({ kind, expiresAt, detail }) => ({ kind, expiresAt, detail })),
      };
    },
  });
}
