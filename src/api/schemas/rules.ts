import { z } from 'zod';
import { idSchema, problemSchema } from './common.ts';
import { publisherRowSchema, subscriberRowSchema } from './domain.ts';

export const assignmentsSchema = z
  .object({ teamIds: z.array(z.string().min(1)).default([]), userIds: z.array(z.string().min(1)).default([]) })
  .meta({ id: 'RuleAssignments', description: 'Teams (Teams tab) and individual users (Users tab); a user’s own rule overrides their team’s.' });

export const ruleFields = {
  name: z.string().trim().min(1, 'Give the rule a name.').max(120, 'At most 120 characters.'),
  skipUnavailableCodeValidation: z.boolean().default(false).describe('Skip validation of unavailable codes: allow any team; uncovered states become the system default Unavailable state.'),
  publisher: z.array(publisherRowSchema).max(200).default([]).describe('Publisher states: ACD state → Salesforce status.'),
  subscriber: z.array(subscriberRowSchema).max(200).default([]).describe('Subscriber states: Salesforce status → ACD state (or previous state).'),
};

export const createRuleBody = z.object({ id: idSchema.optional().describe('Default: a new id.'), ...ruleFields });
export const updateRuleBody = z.object({ ...ruleFields, expectedVersion: z.number().int().min(1).optional().describe('Refuse the save if someone saved the rule meanwhile.') });
export const validateRuleBody = z.object({ id: idSchema.optional().describe('The rule being edited, if any.'), ...ruleFields, assignments: assignmentsSchema.optional() });
export const assignBody = z.object({
  teamIds: z.array(z.string().min(1)).default([]),
  userIds: z.array(z.string().min(1)).default([]),
  takeOver: z.boolean().default(false).describe('Move teams and users that follow another rule to this one.'),
});

export const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.number().int().describe('Bumped on every save and assignment change; decisions record it.'),
    skipUnavailableCodeValidation: z.boolean(),
    publisher: z.array(publisherRowSchema),
    subscriber: z.array(subscriberRowSchema),
    assignments: z.object({ teamIds: z.array(z.string()), userIds: z.array(z.string()) }),
  })
  .meta({ id: 'PresenceRule' });

export const validationSchema = z.object({ ok: z.boolean(), errors: z.array(problemSchema).describe('Refuse the save.'), warnings: z.array(problemSchema).describe('Shown, but the save goes ahead.') }).meta({ id: 'RuleValidation' });
export const savedRuleResponse = z.object({ rule: ruleSchema, warnings: z.array(problemSchema) });
export const ruleParams = z.object({ tenantId: idSchema, ruleId: idSchema });

export const ruleVersionsResponse = z.object({
  versions: z
    .array(
      z.object({
        version: z.number().int().nullable().describe('null for a deletion.'),
        at: z.number().int(),
        action: z.string().describe('rule.create, rule.update, rule.assign or rule.remove.'),
        by: z.string(),
        explanation: z.string(),
        rule: ruleSchema.nullable().describe('The rule as saved in that version.'),
      }),
    )
    .describe('Newest first.'),
});
