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

const expectedVersion = z.number().int().min(1).optional().describe('Refuse the save if someone saved the rule meanwhile.');

export const createRuleBody = z.object({ id: idSchema.optional().describe('Default: a new id.'), ...ruleFields });

/** The fields a PUT must name: it replaces the whole rule, so a missing one would be dropped. */
export const FULL_RULE_FIELDS = ['name', 'skipUnavailableCodeValidation', 'publisher', 'subscriber'] as const;

/**
 * PUT replaces the rule: every field of {@link FULL_RULE_FIELDS} is required. They are optional here
 * only so that the route can refuse a partial body with 422 naming every missing field (and point
 * to PATCH) instead of a bare validation error.
 */
export const updateRuleBody = z
  .object({
    name: ruleFields.name.optional().describe('Required.'),
    skipUnavailableCodeValidation: z.boolean().optional().describe('Required. Skip validation of unavailable codes: allow any team; uncovered states become the system default Unavailable state.'),
    publisher: z.array(publisherRowSchema).max(200).optional().describe('Required (may be empty). Publisher states: ACD state → Salesforce status.'),
    subscriber: z.array(subscriberRowSchema).max(200).optional().describe('Required (may be empty). Subscriber states: Salesforce status → ACD state (or previous state).'),
    expectedVersion,
  });

/** A JSON merge patch (RFC 7396) of a rule: the fields named replace the stored ones (a row list as a whole); the others stay. */
export const patchRuleBody = z
  .strictObject(
    {
    name: ruleFields.name.optional(),
    skipUnavailableCodeValidation: z.boolean().optional(),
    publisher: z.array(publisherRowSchema).max(200).optional().describe('Replaces every publisher row.'),
    subscriber: z.array(subscriberRowSchema).max(200).optional().describe('Replaces every subscriber row.'),
    expectedVersion,
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'PATCH changes only name, skipUnavailableCodeValidation, publisher and subscriber (and checks expectedVersion); remove the other fields.' : undefined) },
  )
  .refine((b) => FULL_RULE_FIELDS.some((f) => b[f] !== undefined), { message: 'The patch names no field of the rule; send at least one of name, skipUnavailableCodeValidation, publisher, subscriber.' });
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
/** Every call that answers one rule (GET, POST, PUT, PATCH, assignments) answers this shape; saves add the warnings. */
export const ruleResponse = z
  .object({ rule: ruleSchema, warnings: z.array(problemSchema).optional().describe('On a save: what validation warned about; the save went ahead.') })
  .meta({ id: 'RuleResponse' });
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
