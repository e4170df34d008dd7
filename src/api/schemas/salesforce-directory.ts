import { z } from 'zod';
import { problemSchema } from './common.ts';
import { directoryQuery } from './directory.ts';

const flag = (what: string) => z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')).describe(what);

export const salesforceUsersQuery = directoryQuery.extend({
  search: z.string().trim().max(100).optional().describe('Part of the username, name, e-mail, federation id or user id (case-insensitive).'),
  linked: flag('true: only users linked to a CXone agent; false: only users that are not.'),
  problemsOnly: flag('true: only users failing an M1.2 prerequisite.'),
});

export const salesforceUserSchema = z
  .object({
    id: z.string().describe('18 characters.'),
    username: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    federationId: z.string().nullable(),
    active: z.boolean(),
    profile: z.object({ id: z.string(), name: z.string().nullable().describe('null until the org is read again by a hub that keeps profile names.') }).nullable(),
    permissionSetIds: z.array(z.string()).describe('The permission sets that matter to the sync (the agent set, and sets granting status access).'),
    agent: z
      .object({ agentId: z.string().describe('The CXone user id.'), name: z.string(), matchedBy: z.enum(['email', 'username', 'federation_id', 'manual']) })
      .nullable()
      .describe('The CXone agent this user is linked to; null when none (the user is not synced).'),
    prerequisiteProblems: z
      .array(problemSchema)
      .describe('The M1.2 checks the user failed when the hub last read the org (since it started); empty when none failed or the org was not read yet.'),
  })
  .meta({ id: 'SalesforceUser' });
export const salesforceUsersResponse = z.object({ users: z.array(salesforceUserSchema), total: z.number().int() });

export const salesforceProfileSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable().describe('Profile.Name; null when no stored user tells it (read the org again).'),
    users: z.number().int().describe('Salesforce users with this profile.'),
    statuses: z
      .array(z.object({ id: z.string(), label: z.string(), developerName: z.string() }))
      .describe('Presence statuses the profile may use ("Enabled Service Presence Status Access").'),
  })
  .meta({ id: 'SalesforceProfile' });
export const salesforceProfilesResponse = z.object({
  profiles: z.array(salesforceProfileSchema),
  statusAccessRead: z.boolean().describe('false until the hub has read which profiles and permission sets may use which statuses.'),
});
