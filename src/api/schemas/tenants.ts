import { z } from 'zod';
import { idSchema, timestamp } from './common.ts';

export const switchesSchema = z
  .object({
    salesforceAdapter: z.boolean().describe('The Salesforce adapter (first switch).'),
    presenceSync: z.boolean().describe('Salesforce Presence Sync (second switch; needs the adapter on).'),
  })
  .meta({ id: 'FeatureSwitches' });

export const tenantSchema = z.object({ id: z.string(), name: z.string(), switches: switchesSchema, createdAt: timestamp, updatedAt: timestamp }).meta({ id: 'Tenant' });
export const createTenantBody = z.object({ id: idSchema.describe('The CXone tenant id (or any stable id of your choosing).'), name: z.string().trim().min(1, 'Give the tenant a name.').max(200) });
export const switchesBody = z
  .object({ salesforceAdapter: z.boolean().optional(), presenceSync: z.boolean().optional() })
  .refine((v) => v.salesforceAdapter !== undefined || v.presenceSync !== undefined, 'Name salesforceAdapter, presenceSync or both.');

export const prerequisiteRowSchema = z
  .object({
    agentId: z.string().nullable().describe('The linked CXone user, if any.'),
    sfUserId: z.string(),
    username: z.string(),
    ok: z.boolean(),
    checks: z.array(z.object({ id: z.string(), ok: z.boolean(), message: z.string() })),
  })
  .meta({ id: 'PrerequisiteRow' });
export const prerequisitesResponse = z.object({ mappingId: z.string(), agents: z.array(prerequisiteRowSchema), failing: z.number().int() });
