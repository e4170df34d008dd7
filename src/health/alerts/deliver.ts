import type { AlertChannel, AlertSecretField } from '../../store/index.ts';
import { sendEmail } from './email.ts';
import type { AlertMessage } from './message.ts';
import { slackBody } from './slack.ts';
import { teamsBody } from './teams.ts';
import { signedHeaders, webhookBody } from './webhook.ts';

export type DeliveryResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

export interface DeliveryOptions {
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

async function post(fetchFn: typeof fetch, url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<DeliveryResult> {
  let response: Response;
  try {
    response = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'presence-sync-alerts', ...headers }, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { ok: false, error: `The receiver did not answer (${cause}).` };
  }
  if (response.ok) {
    await response.body?.cancel();
    return { ok: true };
  }
  const said = (await response.text().catch(() => '')).slice(0, 200);
  return { ok: false, error: `The receiver answered HTTP ${response.status}${said ? `: ${said}` : ''}.` };
}

/** Sends one message on one channel with its (decrypted) secrets; never throws. */
export async function deliver(channel: AlertChannel, secrets: Partial<Record<AlertSecretField, string>>, message: AlertMessage, deliveryId: string, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = (options.now ?? Date.now)();
  try {
    if (channel.kind === 'email') {
      if (!channel.smtp) return { ok: false, error: 'The channel has no SMTP server.' };
      await sendEmail(channel.smtp, secrets.smtpPassword, message, timeoutMs);
      return { ok: true };
    }
    if (!secrets.url) return { ok: false, error: 'The channel has no URL.' };
    if (channel.kind === 'slack') return await post(fetchFn, secrets.url, JSON.stringify(slackBody(message)), {}, timeoutMs);
    if (channel.kind === 'teams') return await post(fetchFn, secrets.url, JSON.stringify(teamsBody(message)), {}, timeoutMs);
    if (!secrets.signingSecret) return { ok: false, error: 'The channel has no signing secret.' };
    const body = JSON.stringify(webhookBody(message, now));
    return await post(fetchFn, secrets.url, body, signedHeaders(secrets.signingSecret, body, now, deliveryId), timeoutMs);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
