import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { defaultJwtAudience, JWT_LIFETIME_SECONDS, signJwtAssertion } from './jwt-assertion.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('JWT bearer assertion', () => {
  it('is RS256 with iss = consumer key, sub = username, aud = login host, 3-minute expiry', async () => {
    const now = Date.UTC(2026, 10, 25, 13);
    const jwt = await signJwtAssertion({ flow: 'jwt_bearer', loginUrl: 'https://login.salesforce.com/', clientId: 'KEY', username: 'a@b.c', privateKeyPem: PEM }, now);
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, { currentDate: new Date(now) });
    expect(protectedHeader).toEqual({ alg: 'RS256' });
    expect(payload).toEqual({ iss: 'KEY', sub: 'a@b.c', aud: 'https://login.salesforce.com', exp: now / 1000 + JWT_LIFETIME_SECONDS });
  });

  it('uses the shared host as audience for a My Domain login URL', () => {
    expect(defaultJwtAudience('https://acme.my.salesforce.com')).toBe('https://login.salesforce.com');
    expect(defaultJwtAudience('https://acme--uat.sandbox.my.salesforce.com')).toBe('https://test.salesforce.com');
    expect(defaultJwtAudience('https://test.salesforce.com/')).toBe('https://test.salesforce.com');
  });
});
