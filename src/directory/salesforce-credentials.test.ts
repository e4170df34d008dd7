import { describe, expect, it } from 'vitest';
import type { AccountMapping } from '../store/index.ts';
import { salesforceCredentialsOf } from './salesforce-credentials.ts';

const mapping = (over: Partial<AccountMapping>): AccountMapping =>
  ({ id: 'm', tenantId: 't', loginUrl: 'https://acme.my.salesforce.com', sfClientId: 'key', sfUsername: 'admin@acme', authFlow: 'username_password', ...over }) as AccountMapping;

describe('Salesforce credentials of an account mapping', () => {
  it('builds each flow from the mapping and its secrets', () => {
    expect(salesforceCredentialsOf(mapping({}), { sfClientSecret: 's', sfPassword: 'xyz123' }).credentials).toEqual({
      flow: 'password', loginUrl: 'https://acme.my.salesforce.com', clientId: 'key', clientSecret: 's', username: 'admin@acme', password: 'xyz123',
    });
    expect(salesforceCredentialsOf(mapping({ authFlow: 'client_credentials' }), { sfClientSecret: 's' }).credentials).toMatchObject({ flow: 'client_credentials', clientSecret: 's' });
    expect(salesforceCredentialsOf(mapping({ authFlow: 'jwt_bearer' }), { sfPrivateKey: 'PEM' }).credentials).toMatchObject({ flow: 'jwt_bearer', username: 'admin@acme', privateKeyPem: 'PEM' });
    expect(salesforceCredentialsOf(mapping({ authFlow: 'authorization_code' }), { sfRefreshToken: 'r' }).credentials).toEqual({ flow: 'web_server', loginUrl: 'https://acme.my.salesforce.com', clientId: 'key', refreshToken: 'r' });
  });

  it('names what is missing instead of building half credentials', () => {
    const r = salesforceCredentialsOf(mapping({ sfClientId: null }), { sfPassword: 'p' });
    expect(r.credentials).toBeUndefined();
    expect(r.missing).toEqual(['client ID', 'client secret']);
    expect(salesforceCredentialsOf(mapping({ authFlow: 'authorization_code' }), {}).missing[0]).toMatch(/refresh token .*Connect to Salesforce/);
  });
});
