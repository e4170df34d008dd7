import { importPKCS8, SignJWT } from 'jose';
import type { JwtBearerCredentials } from './credentials.ts';
import { failure, SalesforceError } from './failure.ts';

/** Salesforce accepts assertions that expire within about three minutes. */
export const JWT_LIFETIME_SECONDS = 180;

/**
 * Signs the JWT bearer assertion (RS256): `iss` = consumer key, `sub` = username,
 * `aud` = login host, `exp` = now + 3 minutes.
 */
export async function signJwtAssertion(credentials: JwtBearerCredentials, nowMs: number): Promise<string> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(credentials.privateKeyPem, 'RS256');
  } catch {
    throw new SalesforceError(
      failure('PSYNC_SF_JWT_KEY_INVALID', 'invalid', 'The private key for the JWT bearer flow is not a PKCS#8 RSA key in PEM form ("-----BEGIN PRIVATE KEY-----"). Convert it with `openssl pkcs8 -topk8 -nocrypt`.'),
    );
  }
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(credentials.clientId)
    .setSubject(credentials.username)
    .setAudience(credentials.audience ?? defaultJwtAudience(credentials.loginUrl))
    .setExpirationTime(now + JWT_LIFETIME_SECONDS)
    .sign(key);
}

/**
 * The audience Salesforce expects: the login host. A My Domain login URL still has the shared
 * host as audience (login.salesforce.com, or test.salesforce.com for a sandbox My Domain).
 */
export function defaultJwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname.toLowerCase();
  if (host.endsWith('.my.salesforce.com')) return host.endsWith('.sandbox.my.salesforce.com') ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
  return loginUrl.replace(/\/+$/, '');
}
