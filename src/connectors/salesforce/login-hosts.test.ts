import { describe, expect, it } from 'vitest';
import { classifyLoginUrl, defaultLoginUrl, isHyperforceInstance } from './login-hosts.ts';

describe('login hosts', () => {
  it('tells the shared hosts from My Domains, sandbox My Domains included', () => {
    expect(classifyLoginUrl('https://login.salesforce.com/')).toBe('production_login');
    expect(classifyLoginUrl('https://TEST.salesforce.com')).toBe('sandbox_login');
    expect(classifyLoginUrl('https://acme.my.salesforce.com')).toBe('my_domain');
    expect(classifyLoginUrl('https://acme--uat.sandbox.my.salesforce.com')).toBe('sandbox_my_domain');
    const emulator = { production: 'http://127.0.0.1:9/login', sandbox: 'http://127.0.0.1:9/test' };
    expect(classifyLoginUrl('http://127.0.0.1:9/login', emulator)).toBe('production_login');
    expect(classifyLoginUrl('http://127.0.0.1:9/my/acme--uat.sandbox', emulator)).toBe('sandbox_my_domain');
  });

  it('gives each platform its default login URL', () => {
    expect(defaultLoginUrl('production')).toBe('https://login.salesforce.com');
    expect(defaultLoginUrl('sandbox')).toBe('https://test.salesforce.com');
    expect(defaultLoginUrl('hyperforce')).toBeUndefined();
  });

  it('recognises Hyperforce instance names', () => {
    expect(isHyperforceInstance('USA650S')).toBe(true);
    expect(isHyperforceInstance('DEU46S')).toBe(true);
    expect(isHyperforceInstance('NA224')).toBe(false);
    expect(isHyperforceInstance('CS42')).toBe(false);
    expect(isHyperforceInstance(undefined)).toBe(false);
  });
});
