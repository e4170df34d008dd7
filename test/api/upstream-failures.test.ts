import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail } from '../../src/domain/index.ts';
import { createHarness, type Harness } from './support/harness.ts';

let h: Harness;
const down = () => Promise.resolve(fail({ code: 'PSYNC_SF_UNREACHABLE', message: 'Salesforce did not answer; try again later.' }));
beforeAll(async () => {
  h = await createHarness({
    cxone: { refreshDirectory: () => Promise.resolve(fail({ code: 'PSYNC_CXONE_AUTH', message: 'CXone refused the access key; generate a new one for the access key user.' })), checkConnection: down },
    salesforce: { mapAndRegister: down, authorizationUrl: () => ({ url: 'https://login.salesforce.com/services/oauth2/authorize', codeVerifier: 'v' }), exchangeCode: down, refreshOrg: down, prerequisites: down, provisionStatuses: down },
  });
  await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'acme', name: 'Acme' } });
});
afterAll(async () => {
  await h.close();
});

describe('upstream failures reach the administrator as classified, actionable errors', () => {
  it('says what CXone said when Get CXone users fails, and keeps what the hub had', async () => {
    const response = await h.request({ method: 'POST', url: '/api/v1/tenants/acme/cxone/refresh' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'PSYNC_CXONE_REFRESH_FAILED', message: expect.stringMatching(/generate a new one/), details: { problems: [{ code: 'PSYNC_CXONE_AUTH' }] } });
    expect(await h.store.audit.query({ tenantId: 'acme', outcomes: ['cxone.refresh'] })).toEqual({ entries: [] });
  });

  it('asks for an account mapping before reading the org', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/tenants/acme/prerequisites'],
      ['POST', '/api/v1/tenants/acme/salesforce/refresh'],
    ] as const) {
      const response = await h.request({ method, url });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('PSYNC_NO_ACCOUNT_MAPPING');
    }
  });

  it('passes Salesforce failures through with their codes once a mapping is saved', async () => {
    await h.store.accountMappings.save({ id: 'env', tenantId: 'acme', accessKeyUser: 'u', platform: 'production', environmentName: 'E', orgId: '00D5g000004XyZaEAK', authFlow: 'username_password', loginUrl: 'https://login.salesforce.com', status: 'verified' });
    expect((await h.request({ method: 'GET', url: '/api/v1/tenants/acme/prerequisites' })).json()).toMatchObject({ code: 'PSYNC_PREREQUISITES_UNREADABLE', details: { problems: [{ code: 'PSYNC_SF_UNREACHABLE' }] } });
    expect((await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/refresh' })).json().code).toBe('PSYNC_SALESFORCE_REFRESH_FAILED');
    expect((await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/statuses/provision', payload: { statuses: [{ label: 'Busy', availability: 'busy' }] } })).json().code).toBe('PSYNC_PROVISIONING_FAILED');
  });
});
