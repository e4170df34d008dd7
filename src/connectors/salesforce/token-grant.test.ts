import { describe, expect, it } from 'vitest';
import { SalesforceError } from './failure.ts';
import { parseIdentityUrl, parseTokenResponse } from './token-grant.ts';

const body = {
  access_token: '00D5g000004XyZa!AQ.token',
  instance_url: 'https://acme.my.salesforce.com/',
  id: 'https://login.salesforce.com/id/00D5g000004XyZaEAK/0055g000001AbCdAAK',
  issued_at: '1764075600000',
  token_type: 'Bearer',
  signature: 'sig',
};

describe('parseTokenResponse', () => {
  it('keeps the token, the instance URL and both IDs in 18-character form', () => {
    expect(parseTokenResponse(body)).toEqual({
      accessToken: '00D5g000004XyZa!AQ.token',
      instanceUrl: 'https://acme.my.salesforce.com',
      identityUrl: body.id,
      organizationId: '00D5g000004XyZaEAK',
      userId: '0055g000001AbCdAAK',
      issuedAt: 1764075600000,
    });
    expect(parseTokenResponse({ ...body, refresh_token: 'rt', scope: 'api refresh_token', issued_at: 'x' })).toMatchObject({ refreshToken: 'rt', scope: 'api refresh_token', issuedAt: 0 });
  });

  it('refuses an answer that is not a Salesforce token response', () => {
    expect(() => parseTokenResponse({ ...body, access_token: '' })).toThrow(SalesforceError);
    expect(() => parseTokenResponse({ ...body, id: 'https://login.salesforce.com/id/nope' })).toThrow(/PSYNC_SF_BAD_TOKEN_RESPONSE/);
  });

  it('parses identity URLs with 15- or 18-character IDs', () => {
    expect(parseIdentityUrl('https://x/id/00D5g000004XyZa/0055g000001AbCd/')).toEqual({ organizationId: '00D5g000004XyZaEAK', userId: '0055g000001AbCdAAK' });
    expect(parseIdentityUrl('https://x/id/00D5g000004XyZaZZZ/0055g000001AbCd')).toBeUndefined();
  });
});
