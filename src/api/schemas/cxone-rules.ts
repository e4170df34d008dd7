import { z } from 'zod';
import { idSchema, problemSchema } from './common.ts';
import { publisherRowSchema, subscriberRowSchema } from './domain.ts';
import { ruleSchema, validationSchema } from './rules.ts';

const state = (what: string) => z.string({ error: `Give ${what} as a string.` }).trim().min(1, `Give ${what}; it is empty.`).max(200);

export const adapterStateMappingSchema = z
  .object({ incontactAgentState: state('the inContact agent state (incontactAgentState)'), partnerAgentState: state('the partner agent state (partnerAgentState)') })
  .meta({ id: 'AdapterStateMapping', description: 'One row of NICE’s state map: a CXone (inContact) agent state and a partner (Salesforce) agent state.' });

/** NICE's Presence Sync rule as `GET /adapter-apis/v1/{partnerName}/rule/{partnerId}` answers it (and as an export file holds it). */
export const adapterRuleSchema = z
  .object({
    publisherStateMap: z.array(adapterStateMappingSchema, { error: 'NICE’s rule needs publisherStateMap, a list of {incontactAgentState, partnerAgentState} (may be empty).' }).max(200),
    subscriberStateMap: z.array(adapterStateMappingSchema, { error: 'NICE’s rule needs subscriberStateMap, a list of {incontactAgentState, partnerAgentState} (may be empty).' }).max(200),
  })
  .meta({ id: 'AdapterRule', description: 'NICE CXone’s Presence Sync rule for a partner account (the Adapters app): publisher and subscriber state maps.' });

const target = {
  ruleId: idSchema.optional().describe('An existing rule whose rows the import replaces (its assignments stay), or the id of the new rule.'),
  name: z.string().trim().min(1).max(120).optional().describe('The new rule’s name (required for a new rule); for an existing rule, a new name.'),
  skipUnavailableCodeValidation: z.boolean().optional(),
};

export const importPreviewBody = z.object({
  source: z.enum(['tenant', 'file']).describe('tenant: read CXone’s rule for the org of the saved account mapping; file: the rule in `adapterRule` (an uploaded JSON file in NICE’s format).'),
  adapterRule: adapterRuleSchema.optional().describe('Required with source "file".'),
  ...target,
});

export const importConfirmBody = z.object({
  adapterRule: adapterRuleSchema.describe('NICE’s rule as the preview answered it (`adapterRule`).'),
  ...target,
  skipUnmapped: z.boolean().default(false).describe('Save without the rows the preview could not carry over; without it such rows refuse the save.'),
  expectedVersion: z.number().int().min(1).optional().describe('Refuse the save if someone saved the existing rule meanwhile.'),
});

const unmappedSchema = z.object({ map: z.enum(['publisher', 'subscriber']), row: z.number().int(), mapping: adapterStateMappingSchema.optional(), reasons: z.array(problemSchema) }).meta({ id: 'UnmappedAdapterRow' });
const previewRow = <T extends z.ZodType>(row: T) =>
  z.object({ row: z.number().int().describe('1-based, in NICE’s map.'), mapping: adapterStateMappingSchema, imported: row.nullable(), ruleRow: z.number().int().nullable().describe('The row of the rule it becomes (validation problems name it).'), reasons: z.array(problemSchema) });

export const importPreviewResponse = z.object({
  adapterRule: adapterRuleSchema.describe('What was read: send it back to confirm.'),
  partnerId: z.string().nullable().describe('The account CXone keeps the rule under (source tenant).'),
  replaces: z.boolean().describe('True when the import replaces the rows of an existing rule.'),
  rule: ruleSchema.describe('The rule as it would be saved.'),
  rows: z.object({ publisher: z.array(previewRow(publisherRowSchema)), subscriber: z.array(previewRow(subscriberRowSchema)) }),
  unmapped: z.array(unmappedSchema).describe('Every row of NICE’s that cannot be carried over, and why.'),
  validation: validationSchema,
});

export const exportResponse = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  version: z.number().int(),
  adapterRule: adapterRuleSchema,
  unmapped: z.array(unmappedSchema).describe('Rows of the rule NICE’s format cannot carry, and why (left out of adapterRule).'),
});

export const pushBody = z.object({ skipUnmapped: z.boolean().default(false).describe('Push without the rows NICE’s format cannot carry.') });
export const pushResponse = z.object({ pushed: adapterRuleSchema, partnerId: z.string(), replaced: adapterRuleSchema.nullable().describe('What CXone held before, or null.') });
