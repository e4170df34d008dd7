import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertMessage } from './message.ts';

export const SIGNATURE_HEADER = 'x-presence-sync-signature';
export const TIMESTAMP_HEADER = 'x-presence-sync-timestamp';

/** `v1=` and the hex HMAC-SHA256, keyed with the channel's signing secret, of `<timestamp>.<body>`. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/operations.md shows it): recompute the signature over the raw body and
 * the timestamp header, compare in constant time, and refuse a timestamp more than
 * `toleranceSeconds` away from its clock (a replayed delivery).
 */
export function verifySignature(secret: string, headers: { readonly timestamp: string | undefined; readonly signature: string | undefined }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !headers.signature) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The generic webhook's JSON: one event per change, with everything a receiver needs to route it. */
export function webhookBody(message: AlertMessage, sentAt: number): Record<string, unknown> {
  return {
    type: message.items.length === 1 ? `problem.${message.items[0]!.event}` : 'digest',
    tenantId: message.tenantId,
    sentAt: new Date(sentAt).toISOString(),
    events: message.items.map((item) => ({
      event: item.event,
      problem: {
        id: item.problem.id,
        code: item.problem.code,
        severity: item.problem.severity,
        title: item.title,
        summary: item.summary,
        remedy: item.remedy,
        affected: item.problem.affected,
        openedAt: new Date(item.problem.openedAt).toISOString(),
        clearedAt: item.problem.clearedAt === null ? null : new Date(item.problem.clearedAt).toISOString(),
      },
    })),
  };
}

/** The headers of a signed delivery. */
export function signedHeaders(secret: string, body: string, sentAt: number, deliveryId: string): Record<string, string> {
  const timestamp = Math.floor(sentAt / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signature(secret, timestamp, body), 'x-presence-sync-delivery': deliveryId };
}
