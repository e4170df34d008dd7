import { describe, expect, it } from 'vitest';
import { settingsSchema } from './settings-schema.ts';
import { endpointProblem } from './endpoint-hosts.ts';

describe('where credentials may go', () => {
  it('accepts the platforms\' own https hosts', () => {
    for (const url of ['https://login.salesforce.com', 'https://test.salesforce.com/', 'https://acme.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com', 'https://agency.my.salesforce-gov.com', 'https://unit.my.salesforce.mil']) {
      expect(endpointProblem('salesforce', url, []), url).toBeUndefined();
    }
    for (const url of ['https://cxone.niceincontact.com', 'https://cxone-gov.niceincontact.com', 'https://na1.nice-incontact.com', 'https://nicecxone-sov1.eu']) {
      expect(endpointProblem('cxone', url, []), url).toBeUndefined();
    }
  });

  it('refuses http, other ports, look-alikes and the other platform\'s hosts', () => {
    expect(endpointProblem('salesforce', 'http://login.salesforce.com', [])).toMatch(/https only/);
    expect(endpointProblem('salesforce', 'https://login.salesforce.com:8443', [])).toMatch(/standard https port/);
    expect(endpointProblem('salesforce', 'https://my.salesforce.com.attacker.example', [])).toMatch(/not a Salesforce host.*PRESENCE_SYNC_ALLOWED_ENDPOINTS/);
    expect(endpointProblem('salesforce', 'https://evilmy.salesforce.com', [])).toMatch(/not a Salesforce host/);
    expect(endpointProblem('salesforce', 'https://cxone.niceincontact.com', [])).toMatch(/not a Salesforce host/);
    expect(endpointProblem('cxone', 'https://acme.my.salesforce.com', [])).toMatch(/not a NICE CXone host/);
    expect(endpointProblem('cxone', 'https://user:pw@cxone.niceincontact.com', [])).toMatch(/user name or password/);
  });

  it('allows exactly what the operator listed, with PRESENCE_SYNC_ALLOWED_ENDPOINTS', () => {
    const allowed = settingsSchema.shape.PRESENCE_SYNC_ALLOWED_ENDPOINTS.parse('http://127.0.0.1, https://*.cxone.example.net:9443') ?? [];
    expect(endpointProblem('cxone', 'http://127.0.0.1:8081', allowed)).toBeUndefined();
    expect(endpointProblem('salesforce', 'http://127.0.0.1:1/login', allowed)).toBeUndefined();
    expect(endpointProblem('cxone', 'https://a.cxone.example.net:9443', allowed)).toBeUndefined();
    expect(endpointProblem('cxone', 'https://a.cxone.example.net', allowed)).toBeDefined();
    expect(endpointProblem('cxone', 'http://localhost:8081', allowed)).toBeDefined();
    expect(endpointProblem('cxone', 'https://127.0.0.1:8081', allowed)).toBeDefined();
    expect(settingsSchema.shape.PRESENCE_SYNC_ALLOWED_ENDPOINTS.safeParse('127.0.0.1').success).toBe(false);
  });
});
