import { describe, expect, it } from 'vitest';
import { translateTokenError, type TokenErrorContext } from './oauth-errors.ts';

const password: TokenErrorContext = { flow: 'password', loginUrl: 'https://login.salesforce.com', stage: 'login', username: 'admin@acme.example' };
const code = (error: string, description: string, context: TokenErrorContext = password) => translateTokenError({ error, description }, context);

describe('translateTokenError', () => {
  it('names each refusal with a stable code and what to do', () => {
    expect(code('invalid_client_id', 'client identifier invalid')).toMatchObject({ code: 'PSYNC_SF_BAD_CLIENT_ID', kind: 'auth' });
    expect(code('invalid_client', 'invalid client credentials')).toMatchObject({ code: 'PSYNC_SF_BAD_CLIENT_SECRET', kind: 'auth' });
    expect(code('invalid_grant', 'IP restricted')).toMatchObject({
      code: 'PSYNC_SF_IP_RESTRICTED',
      message: expect.stringMatching(/security token.*login IP range/s),
    });
    expect(code('inactive_user', 'user is inactive')).toMatchObject({ code: 'PSYNC_SF_USER_INACTIVE' });
    expect(code('inactive_org', 'organization is inactive')).toMatchObject({ code: 'PSYNC_SF_ORG_INACTIVE', kind: 'permanent' });
    expect(code('redirect_uri_mismatch', 'redirect_uri must match configuration')).toMatchObject({ code: 'PSYNC_SF_CALLBACK_MISMATCH' });
    expect(code('rate_limit_exceeded', 'rate limit exceeded')).toMatchObject({ code: 'PSYNC_SF_LOGIN_RATE_LIMITED', kind: 'rate_limited', retryAfterMs: 60_000 });
  });

  it('explains "authentication failure" of the password flow as its three causes, blocked flow included', () => {
    const failure = code('invalid_grant', 'authentication failure');
    expect(failure.code).toBe('PSYNC_SF_BAD_CREDENTIALS');
    expect(failure.message).toContain('security token');
    expect(failure.message).toContain('Allow OAuth Username-Password Flows');
    expect(failure.message).toContain('Login History');
    expect(failure.upstream).toEqual({ error: 'invalid_grant', description: 'authentication failure' });
  });

  it('hints at the sandbox host for a sandbox-looking username at login.salesforce.com', () => {
    expect(code('invalid_grant', 'authentication failure', { ...password, username: 'admin@acme.example.uat' }).message).toContain('looks like a sandbox username');
    expect(code('invalid_grant', 'authentication failure').message).not.toContain('looks like a sandbox username');
  });

  it('recognises a blocked username-password flow when Salesforce says so', () => {
    expect(code('invalid_grant', 'username-password flow disabled')).toMatchObject({ code: 'PSYNC_SF_PASSWORD_FLOW_BLOCKED' });
    expect(code('unsupported_grant_type', 'grant type not supported')).toMatchObject({
      code: 'PSYNC_SF_FLOW_NOT_ENABLED',
      message: expect.stringContaining('Allow OAuth Username-Password Flows'),
    });
  });

  it('tells the refresh and code-exchange failures apart', () => {
    const refresh: TokenErrorContext = { flow: 'web_server', loginUrl: 'https://login.salesforce.com', stage: 'refresh' };
    expect(code('invalid_grant', 'expired access/refresh token', refresh)).toMatchObject({ code: 'PSYNC_SF_REFRESH_TOKEN_EXPIRED' });
    expect(code('invalid_grant', 'something else', refresh)).toMatchObject({ code: 'PSYNC_SF_REFRESH_TOKEN_EXPIRED' });
    expect(code('invalid_grant', 'invalid code verifier', { ...refresh, stage: 'code_exchange' })).toMatchObject({ code: 'PSYNC_SF_AUTH_CODE_INVALID' });
    expect(code('unsupported_grant_type', 'grant type not supported', refresh).message).toContain('refresh_token');
  });

  it('explains the JWT bearer and client credentials refusals', () => {
    const jwt: TokenErrorContext = { flow: 'jwt_bearer', loginUrl: 'https://login.salesforce.com', stage: 'login', username: 'a@b.c' };
    expect(code('invalid_grant', 'Audience validation failed', jwt)).toMatchObject({ code: 'PSYNC_SF_JWT_AUDIENCE' });
    expect(code('invalid_grant', 'invalid assertion', jwt)).toMatchObject({ code: 'PSYNC_SF_JWT_INVALID' });
    expect(code('invalid_grant', "user hasn't approved this consumer", jwt)).toMatchObject({ code: 'PSYNC_SF_APP_NOT_APPROVED' });
    expect(code('invalid_grant', 'authentication failure', jwt).message).toContain('pre-authorised');
    expect(code('unsupported_grant_type', 'grant type not supported', jwt).message).toContain('digital signatures');
    const cc: TokenErrorContext = { flow: 'client_credentials', loginUrl: 'https://login.salesforce.com', stage: 'login' };
    expect(code('invalid_grant', 'no client credentials user enabled', cc)).toMatchObject({ code: 'PSYNC_SF_NO_RUN_AS_USER' });
    expect(code('invalid_grant', 'request not supported on this domain', cc)).toMatchObject({ code: 'PSYNC_SF_WRONG_LOGIN_HOST', kind: 'invalid' });
    expect(code('invalid_grant', 'authentication failure', cc).message).toContain('My Domain');
    expect(code('unsupported_grant_type', 'grant type not supported', cc).message).toContain('Run As');
  });

  it('keeps an unknown refusal with what Salesforce said', () => {
    expect(code('weird_error', 'never seen')).toMatchObject({ code: 'PSYNC_SF_LOGIN_FAILED', kind: 'auth', message: expect.stringContaining('weird_error: never seen') });
  });
});
