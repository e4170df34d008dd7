import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAuthorizationRequest, pkcePair } from './web-server-flow.ts';

describe('web-server flow, step 1', () => {
  it('makes a PKCE pair: a random verifier and its S256 challenge', () => {
    const a = pkcePair();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a.codeChallenge).toBe(createHash('sha256').update(a.codeVerifier).digest('base64url'));
    expect(pkcePair().codeVerifier).not.toBe(a.codeVerifier);
  });

  it("builds the authorize URL on the login host with the app's callback, scopes, state and challenge", () => {
    const request = buildAuthorizationRequest({ loginUrl: 'https://login.salesforce.com', clientId: 'KEY', redirectUri: 'https://hub.example/callback', state: 's1' });
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://login.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'KEY',
      redirect_uri: 'https://hub.example/callback',
      scope: 'api refresh_token offline_access',
      state: 's1',
      code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(request.state).toBe('s1');
    expect(buildAuthorizationRequest({ loginUrl: 'https://x', clientId: 'k', redirectUri: 'https://h/cb', scopes: ['api'] }).state).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
