import { z } from 'zod';
import { timestamp } from './common.ts';

const localized = z.object({ en: z.string(), ja: z.string() }).meta({ id: 'LocalizedText' });
const ref = z.object({ id: z.string(), name: z.string() });

export const healthProblemSchema = z
  .object({
    id: z.string(),
    code: z.string().describe('Stable PSYNC_HEALTH_ code of the check (docs/troubleshooting.md).'),
    severity: z.enum(['critical', 'warning']).describe('critical: the sync of the tenant (or of many agents) is broken; warning: some agents or some changes are affected.'),
    title: localized,
    summary: localized.describe('What is wrong, with the names and numbers of this occurrence.'),
    remedy: localized.describe('What to do.'),
    affected: z.object({
      agents: z.array(ref).describe('At most 100; agentCount says how many.'),
      rules: z.array(ref).describe('At most 100; ruleCount says how many.'),
      agentCount: z.number().int(),
      ruleCount: z.number().int(),
    }),
    openedAt: timestamp,
    lastSeenAt: timestamp.describe('The last evaluation that found it.'),
    clearedAt: timestamp.nullable(),
  })
  .meta({ id: 'HealthProblem' });

export const healthQuery = z.object({ historyLimit: z.coerce.number().int().min(0).max(500).default(50).describe('Cleared problems to return, most recently cleared first (default 50).') });

export const healthResponse = z
  .object({
    tenantId: z.string(),
    status: z.enum(['ok', 'warning', 'critical']).describe('The worst severity among the open problems.'),
    evaluatedAt: timestamp.nullable().describe('When the checks last ran for the tenant (null: never yet).'),
    evaluatedBy: z.string().nullable().describe('The hub instance that ran them.'),
    open: z.array(healthProblemSchema).describe('Open problems, critical first, newest first within a severity.'),
    history: z.array(healthProblemSchema).describe('Cleared problems, most recently cleared first.'),
    credentials: z
      .array(z.object({ kind: z.enum(['jwt_certificate', 'refresh_token']), expiresAt: timestamp, detail: z.record(z.string(), z.union([z.string(), z.number()])) }))
      .describe('The Salesforce credential expiry dates recorded (PUT …/health/credentials/{kind}).'),
  })
  .meta({ id: 'TenantHealth' });
