import { z } from 'zod';
import { idSchema, timestamp } from './common.ts';

const email = z.string().trim().email('Type an e-mail address.').max(254);
const webUrl = z
  .string()
  .trim()
  .max(2000)
  .url('Type the full URL, starting with https://.')
  .refine((value) => /^https?:$/.test(new URL(value).protocol), 'Use an http or https URL.');

export const smtpSchema = z
  .object({
    host: z.string().trim().min(1, 'Type the SMTP server.').max(253),
    port: z.number().int().min(1).max(65535),
    security: z.enum(['tls', 'starttls', 'none']).describe('tls: TLS from the start (usually port 465); starttls: upgrade required (587); none: plain, only for a relay on a trusted network.'),
    username: z.string().trim().max(254).nullable().default(null).describe('Sign in with this user (and smtpPassword); null: no sign-in.'),
    from: email,
    to: z.array(email).min(1, 'Name at least one recipient.').max(20),
  })
  .meta({ id: 'SmtpSettings' });

export const channelParams = z.object({ tenantId: idSchema, channelId: idSchema });

export const channelBody = z
  .object({
    kind: z.enum(['slack', 'teams', 'webhook', 'email']).describe('slack: a Slack incoming webhook; teams: a Microsoft Teams webhook (Workflows); webhook: any HTTPS receiver, signed with HMAC-SHA256; email: through an SMTP server.'),
    name: z.string().trim().min(1, 'Give the channel a name.').max(100),
    enabled: z.boolean().default(true),
    minSeverity: z.enum(['warning', 'critical']).default('warning').describe('warning: every problem; critical: only the red ones.'),
    language: z.enum(['en', 'ja']).default('en'),
    url: webUrl.optional().describe('Write-only (it holds the receiver’s token): the webhook URL. Absent: keep the stored one.'),
    signingSecret: z.string().min(16, 'At least 16 characters.').max(200).optional().describe('Write-only: the generic webhook’s HMAC key. Absent on creation: the hub makes one and returns it once.'),
    smtp: smtpSchema.optional(),
    smtpPassword: z.string().max(500).nullable().optional().describe('Write-only. Absent: keep the stored one; null: remove it.'),
  })
  .meta({ id: 'AlertChannelInput' });

export const channelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['slack', 'teams', 'webhook', 'email']),
    name: z.string(),
    enabled: z.boolean(),
    minSeverity: z.enum(['warning', 'critical']),
    language: z.enum(['en', 'ja']),
    urlHint: z.string().nullable().describe('Scheme and host of the URL; the URL itself is never returned.'),
    smtp: smtpSchema.nullable(),
    secretsSet: z.object({ url: z.boolean(), signingSecret: z.boolean(), smtpPassword: z.boolean() }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'AlertChannel' });

export const deliverySchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    event: z.enum(['opened', 'cleared', 'test']),
    code: z.string(),
    severity: z.enum(['critical', 'warning']),
    status: z.enum(['pending', 'sent', 'failed']).describe('pending: waiting (rate limit, or a retry after a failure); failed: given up.'),
    attempts: z.number().int(),
    createdAt: timestamp,
    sentAt: timestamp.nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'AlertDelivery' });

export const alertsResponse = z.object({ channels: z.array(channelSchema), deliveries: z.array(deliverySchema).describe('The newest 20 deliveries, every channel.') });
export const savedChannelResponse = z.object({ channel: channelSchema, signingSecret: z.string().optional().describe('The signing secret the hub made; shown this once.') });
export const testResponse = z.object({ ok: z.literal(true), sentAt: timestamp });
