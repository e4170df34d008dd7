import { createHmac, randomBytes } from 'node:crypto';

/**
 * Mints a console bridge token as the org's Apex class (PresenceSyncBridgeToken) does:
 * base64url(JSON {v, org, user, exp, jti}) + "." + base64url(HMAC-SHA256(secret, first part)).
 */
export function mintConsoleToken(secret: string, orgId: string, userId: string, lifetimeSec = 300, now: number = Date.now()): string {
  const claims = { v: 1, org: orgId, user: userId, exp: Math.floor(now / 1000) + lifetimeSec, jti: randomBytes(16).toString('hex') };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'ascii').digest('base64url')}`;
}
