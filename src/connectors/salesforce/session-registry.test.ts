import { describe, expect, it } from 'vitest';
import type { SalesforceCredentials } from './credentials.ts';
import { SalesforceSessionRegistry } from './session-registry.ts';

const credentials: SalesforceCredentials = { flow: 'client_credentials', loginUrl: 'https://acme.my.salesforce.com', clientId: 'k', clientSecret: 's' };

describe('SalesforceSessionRegistry', () => {
  it('gives every caller of one environment the same session until it is evicted', () => {
    const registry = new SalesforceSessionRegistry();
    let built = 0;
    const options = () => {
      built++;
      return { credentials };
    };
    const first = registry.session('env-1', options);
    expect(registry.session('env-1', options)).toBe(first);
    expect(registry.session('env-2', options)).not.toBe(first);
    expect(built).toBe(2);
    registry.evict('env-1');
    expect(registry.session('env-1', options)).not.toBe(first);
    expect(registry.size).toBe(2);
  });

  it('refuses a session with neither credentials nor a grant', () => {
    expect(() => new SalesforceSessionRegistry().session('env', () => ({}))).toThrow('needs credentials or a grant');
  });
});
