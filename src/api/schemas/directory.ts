import { z } from 'zod';
import { developerNameFromLabel } from '../../domain/index.ts';

const changes = z.object({ added: z.array(z.string()), updated: z.array(z.string()), removed: z.array(z.string()) }).meta({ id: 'ChangeSummary' });

export const cxoneRefreshResponse = z.object({ users: changes, teams: changes, codes: changes, teamCodes: changes.describe('Ids are teamId/codeId.') });
export const acdUserSchema = z
  .object({ id: z.string(), firstName: z.string(), lastName: z.string(), email: z.string().nullable(), username: z.string().nullable(), federationId: z.string().nullable(), teamId: z.string().nullable(), active: z.boolean() })
  .meta({ id: 'AcdUser' });
export const acdTeamSchema = z.object({ id: z.string(), name: z.string(), active: z.boolean(), codeIds: z.array(z.string()).describe('Unavailable codes assigned to the team.') }).meta({ id: 'AcdTeam' });
export const acdCodeSchema = z.object({ id: z.string(), name: z.string(), active: z.boolean() }).meta({ id: 'UnavailableCode' });
export const directoryQuery = z.object({
  search: z.string().trim().max(100).optional().describe('Part of a name, e-mail or username (case-insensitive).'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const salesforceStatusSchema = z
  .object({ id: z.string(), label: z.string(), developerName: z.string(), availability: z.enum(['online', 'busy']), channels: z.array(z.string()) })
  .meta({ id: 'SalesforceStatus' });
export const salesforceRefreshResponse = z.object({ users: changes.optional(), statuses: changes.optional(), access: changes.optional() });

export const provisionBody = z.object({
  statuses: z
    .array(
      z
        .object({
          label: z.string().trim().min(1, 'Type the status name, e.g. "Available for Chats".').max(80),
          developerName: z.string().trim().optional().describe('Default: the label with spaces replaced by _ (Salesforce’s rule).'),
          availability: z.enum(['online', 'busy']).describe('Online (with service channels) or Busy.'),
          channels: z.array(z.string().min(1)).default([]).describe('Service channel developer names, for an Online status.'),
        })
        .superRefine((s, ctx) => {
          if (s.developerName === undefined) {
            const derived = developerNameFromLabel(s.label);
            if (!derived.ok) for (const p of derived.problems) ctx.addIssue({ code: 'custom', path: ['label'], message: p.message });
          }
          if (s.availability === 'online' && s.channels.length === 0) ctx.addIssue({ code: 'custom', path: ['channels'], message: 'An Online status needs at least one service channel; choose Busy for a status without channels.' });
          if (s.availability === 'busy' && s.channels.length > 0) ctx.addIssue({ code: 'custom', path: ['channels'], message: 'A Busy status has no service channels; remove them or choose Online.' });
        }),
    )
    .min(1, 'Name at least one status.'),
  profileNames: z.array(z.string().trim().min(1)).default([]).describe('Profiles to grant access to these statuses ("Enabled Service Presence Status Access").'),
});
export const provisionResponse = z.object({ items: z.array(z.object({ what: z.string(), outcome: z.enum(['created', 'granted', 'exists', 'failed']), message: z.string() })) });
