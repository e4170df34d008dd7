/** The domain's rule shapes as request and response schemas (mirrors src/domain/acd-state.ts and rule.ts). */
import { z } from 'zod';
import { WORKING_STATES } from '../../domain/index.ts';

const codeId = z.string().min(1).max(64).nullable().describe('Unavailable code id (CXone outStateId); null is the system default Unavailable state.');

export const acdSourceSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('Available') }),
    z.object({ kind: z.literal('LoggedOut') }),
    z.object({ kind: z.literal('Unavailable'), codeId }),
    z.object({ kind: z.literal('Working'), activity: z.enum(WORKING_STATES) }),
  ])
  .meta({ id: 'AcdSource', description: 'The ACD state a publisher row matches.' });

export const acdTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('Available') }),
    z.object({ kind: z.literal('LoggedOut') }),
    z.object({ kind: z.literal('Unavailable'), codeId }),
    z.object({ kind: z.literal('PREVIOUS') }).describe('Back to the CXone state the agent had before ("previous state").'),
  ])
  .meta({ id: 'AcdTarget', description: 'The ACD state a subscriber row asks for.' });

export const presenceSchema = z
  .discriminatedUnion('kind', [z.object({ kind: z.literal('Status'), statusId: z.string().min(15).max(18).describe('ServicePresenceStatus id.') }), z.object({ kind: z.literal('Offline') })])
  .meta({ id: 'SalesforcePresence' });

export const acdStateSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('Available') }),
    z.object({ kind: z.literal('LoggedOut') }),
    z.object({ kind: z.literal('Unavailable'), code: z.object({ id: z.string(), name: z.string() }).nullable() }),
    z.object({ kind: z.literal('Working'), activity: z.enum(WORKING_STATES) }),
  ])
  .meta({ id: 'AcdState' });

export const publisherRowSchema = z.object({ acd: acdSourceSchema, salesforce: presenceSchema }).meta({ id: 'PublisherRow', description: 'ACD state → Salesforce status (CXone drives Salesforce).' });
export const subscriberRowSchema = z.object({ salesforce: presenceSchema, acd: acdTargetSchema }).meta({ id: 'SubscriberRow', description: 'Salesforce status → ACD state (Salesforce drives CXone).' });
