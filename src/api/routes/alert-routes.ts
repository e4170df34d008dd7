import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AlertChannel, AlertDelivery } from '../../store/index.ts';
import { ApiError, notFound } from '../errors.ts';
import { alertsResponse, channelBody, channelParams, savedChannelResponse, testResponse } from '../schemas/alerts.ts';
import { tenantParams } from '../schemas/common.ts';
import type { ApiServices } from '../services.ts';

const channelView = ({ tenantId: _tenantId, ...channel }: AlertChannel) => channel;
const deliveryView = (d: AlertDelivery) => ({ id: d.id, channelId: d.channelId, event: d.event, code: d.problem.code, severity: d.problem.severity, status: d.status, attempts: d.attempts, createdAt: d.createdAt, sentAt: d.sentAt, lastError: d.lastError });
const urlHint = (url: string) => `${new URL(url).protocol}//${new URL(url).host}/…`;

const invalid = (field: string, message: string) => new ApiError(400, 'PSYNC_VALIDATION', `The request is not valid; fix these fields and send it again: body.${field}: ${message}`, { fields: [{ field: `body.${field}`, message }] });

export function alertRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'GET',
    path: '/tenants/:tenantId/alerts',
    tag: 'Health',
    summary: 'Alert channels of the tenant (secrets never returned) and the newest deliveries',
    access: 'health_view',
    params: tenantParams,
    response: alertsResponse,
    handler: async ({ params }) => {
      await s.requireTenant(params.tenantId);
      const [channels, deliveries] = await Promise.all([s.store.alerts.list(params.tenantId), s.store.alerts.recent(params.tenantId, 20)]);
      return { channels: channels.map(channelView), deliveries: deliveries.map(deliveryView) };
    },
  });
  s.routes.add({
    method: 'PUT',
    path: '/tenants/:tenantId/alerts/channels/:channelId',
    tag: 'Health',
    summary: 'Create or change an alert channel: Slack, Microsoft Teams, a signed webhook, or e-mail',
    description:
      'Alerts go out when a health problem opens and when it clears, once per problem, at most PRESENCE_SYNC_ALERTS_PER_HOUR messages per channel an hour (more wait and go as one digest). URLs, signing secrets and SMTP passwords are stored encrypted and never returned.',
    access: 'alert_admin',
    auditAction: 'alert.channel.save',
    params: channelParams,
    body: channelBody,
    response: savedChannelResponse,
    handler: async ({ params, body, audit }) => {
      await s.requireTenant(params.tenantId);
      const existing = await s.store.alerts.get(params.tenantId, params.channelId);
      if (existing && existing.kind !== body.kind) throw invalid('kind', `The channel is a ${existing.kind} channel; remove it and create a new one to change its kind.`);
      const needsUrl = body.kind !== 'email';
      if (needsUrl && !body.url && !existing?.secretsSet.url) throw invalid('url', 'Required: the URL the alerts are posted to.');
      if (body.kind === 'email' && !body.smtp && !existing?.smtp) throw invalid('smtp', 'Required: the SMTP server, the sender and the recipients.');
      const madeSecret = body.kind === 'webhook' && !body.signingSecret && !existing?.secretsSet.signingSecret ? `whsec_${randomBytes(32).toString('base64url')}` : undefined;
      const channel = await s.store.alerts.save(
        {
          tenantId: params.tenantId,
          id: params.channelId,
          kind: body.kind,
          name: body.name,
          enabled: body.enabled,
          minSeverity: body.minSeverity,
          language: body.language,
          smtp: body.kind === 'email' ? (body.smtp ?? existing?.smtp ?? null) : null,
          urlHint: needsUrl ? (body.url ? urlHint(body.url) : (existing?.urlHint ?? null)) : null,
        },
        {
          ...(needsUrl && body.url ? { url: body.url } : {}),
          ...(body.kind === 'webhook' && (body.signingSecret ?? madeSecret) ? { signingSecret: body.signingSecret ?? madeSecret! } : {}),
          ...(body.kind === 'email' && body.smtpPassword !== undefined ? { smtpPassword: body.smtpPassword } : {}),
        },
      );
      audit({ explanation: `${existing ? 'Changed' : 'Added'} the ${channel.kind} alert channel "${channel.name}" (${channel.enabled ? `on, ${channel.minSeverity} and worse` : 'off'}).`, details: { channelId: channel.id, kind: channel.kind } });
      return { channel: channelView(channel), ...(madeSecret ? { signingSecret: madeSecret } : {}) };
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tenants/:tenantId/alerts/channels/:channelId',
    tag: 'Health',
    summary: 'Remove an alert channel, its secrets and its deliveries',
    access: 'alert_admin',
    auditAction: 'alert.channel.remove',
    params: channelParams,
    status: 204,
    response: z.undefined(),
    handler: async ({ params, audit }) => {
      if (!(await s.store.alerts.remove(params.tenantId, params.channelId))) throw notFound('alert channel', params.channelId, 'List them with GET …/alerts.');
      audit({ explanation: `Removed the alert channel ${params.channelId}.` });
      return undefined;
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/tenants/:tenantId/alerts/channels/:channelId/test',
    tag: 'Health',
    summary: 'Send a test alert through the channel now',
    description: 'Answers once the receiver accepted it; a refusal is PSYNC_ALERT_TEST_FAILED with what the receiver or the SMTP server said.',
    access: 'alert_admin',
    auditAction: 'alert.channel.test',
    params: channelParams,
    response: testResponse,
    handler: async ({ params, audit }) => {
      const channel = await s.store.alerts.get(params.tenantId, params.channelId);
      if (!channel) throw notFound('alert channel', params.channelId, 'List them with GET …/alerts.');
      if (!s.deps.alerts) throw new ApiError(503, 'PSYNC_ALERTS_UNAVAILABLE', 'This hub instance sends no alerts. Send the test through an instance that runs the sources (PRESENCE_SYNC_POLLER_ENABLED).');
      const result = await s.deps.alerts.sendTest(params.tenantId, params.channelId);
      audit({ explanation: `Sent a test alert through "${channel.name}": ${result.ok ? 'accepted' : `failed (${result.error})`}.` });
      if (!result.ok) throw new ApiError(502, 'PSYNC_ALERT_TEST_FAILED', `The test alert through "${channel.name}" was not accepted: ${result.error} Check the channel's settings.`, { channelId: channel.id });
      return { ok: true as const, sentAt: s.clock.now() };
    },
  });
}
