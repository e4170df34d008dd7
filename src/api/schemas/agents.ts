import { z } from 'zod';
import { idSchema, problemSchema, timestamp } from './common.ts';
import { acdStateSchema, presenceSchema } from './domain.ts';

const origin = z.string().describe('Where the observation came from (cxone_feed, console_manual, console_toolkit, reconcile, ...).');
export const observedCxone = z.object({ value: acdStateSchema, at: timestamp, origin, label: z.string() }).meta({ id: 'ObservedCxone' });
export const observedSalesforce = z.object({ value: presenceSchema, at: timestamp, origin, label: z.string() }).meta({ id: 'ObservedSalesforce' });

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: timestamp,
    tenantId: z.string(),
    agentId: z.string().nullable(),
    kind: z.enum(['decision', 'dispatch', 'admin']),
    outcome: z.string(),
    reason: z.string().nullable(),
    explanation: z.string(),
    rule: z.object({ id: z.string(), version: z.number().int() }).nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const agentRowSchema = z
  .object({
    agentId: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    active: z.boolean(),
    link: z.object({ sfUserId: z.string(), sfUsername: z.string().nullable(), matchedBy: z.string() }).nullable(),
    cxone: observedCxone.nullable(),
    salesforce: observedSalesforce.nullable(),
    consoleConnected: z.boolean().nullable().describe('null when the hub has no view of the consoles.'),
    lastDecision: auditEntrySchema.nullable(),
    problems: z.array(problemSchema).describe('Why the agent may not be synced (link, user, switches).'),
  })
  .meta({ id: 'AgentRow' });

export const agentsQuery = z.object({
  search: z.string().trim().max(100).optional().describe('Part of the name, e-mail, username or id.'),
  problemsOnly: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const agentsResponse = z.object({ agents: z.array(agentRowSchema), total: z.number().int() });
export const agentParams = z.object({ tenantId: idSchema, agentId: idSchema });

export const agentDetailSchema = agentRowSchema.extend({
  pending: z.array(z.object({ target: z.enum(['cxone', 'salesforce']), status: z.string(), attempts: z.number().int(), lastError: z.string().nullable(), stateKey: z.string() })),
  rule: z.object({ id: z.string(), name: z.string(), version: z.number().int(), via: z.enum(['user', 'team']) }).nullable(),
});

export const explainResponse = z.object({
  agentId: z.string(),
  answer: z.string().describe('"Why is this agent in this state?" in one paragraph.'),
  cxone: z.object({ state: observedCxone.nullable(), because: auditEntrySchema.nullable() }),
  salesforce: z.object({ state: observedSalesforce.nullable(), because: auditEntrySchema.nullable() }),
  recent: z.array(auditEntrySchema),
});

export const auditQuery = z
  .object({
    agentId: z.string().min(1).optional(),
    from: z.coerce.number().int().min(0).optional().describe('Inclusive, epoch ms.'),
    to: z.coerce.number().int().min(0).optional().describe('Exclusive, epoch ms.'),
    outcome: z.string().optional().describe('Comma-separated outcomes, e.g. write,noop.'),
    kind: z.enum(['decision', 'dispatch', 'admin']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: '"from" must be before "to".', path: ['from'] });
export const auditResponse = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().optional() });

export const dryRunBody = z
  .discriminatedUnion('side', [
    z.object({ agentId: idSchema, side: z.literal('cxone'), state: acdStateSchema.describe('The CXone state the agent would go to.') }),
    z.object({ agentId: idSchema, side: z.literal('salesforce'), presence: presenceSchema.describe('The Omni-Channel status the agent would go to.') }),
  ])
  .meta({ id: 'DryRunRequest' });
export const dryRunResponse = z.object({
  outcome: z.string(),
  reason: z.string(),
  explanation: z.string(),
  write: z.object({ side: z.enum(['cxone', 'salesforce']), stateKey: z.string(), label: z.string() }).nullable().describe('What the hub would set on the other side.'),
  rule: z.object({ id: z.string(), name: z.string(), version: z.number().int(), via: z.enum(['user', 'team']) }).nullable(),
  row: z.object({ direction: z.enum(['publisher', 'subscriber']), index: z.number().int() }).nullable(),
  blockers: z.array(problemSchema),
});

export const linkSchema = z.object({ acdUserId: z.string(), sfUserId: z.string(), matchedBy: z.enum(['email', 'username', 'federation_id', 'manual']), acdName: z.string().nullable(), sfUsername: z.string().nullable() }).meta({ id: 'AgentLink' });
export const linkBody = z.object({ sfUserId: z.string().trim().min(15, 'Give the Salesforce user id (15 or 18 characters, 005…).').max(18, 'Give the Salesforce user id (15 or 18 characters, 005…).') });
