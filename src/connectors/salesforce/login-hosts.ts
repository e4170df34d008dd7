/** The platform the administrator chose for an environment (M4.2). */
export type SalesforcePlatform = 'production' | 'sandbox' | 'hyperforce';

/** Salesforce's shared login hosts; tests and the demo point them at the emulator. */
export interface LoginHosts {
  readonly production: string;
  readonly sandbox: string;
}

export const SALESFORCE_LOGIN_HOSTS: LoginHosts = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
};

export type LoginHostKind = 'production_login' | 'sandbox_login' | 'my_domain' | 'sandbox_my_domain';

const trim = (url: string) => url.replace(/\/+$/, '').toLowerCase();

/**
 * What kind of login URL this is: one of the shared hosts, or a My Domain URL; sandbox My Domains
 * look like `acme--uat.sandbox.my.salesforce.com`.
 */
export function classifyLoginUrl(loginUrl: string, hosts: LoginHosts = SALESFORCE_LOGIN_HOSTS): LoginHostKind {
  const url = trim(loginUrl);
  if (url === trim(hosts.production)) return 'production_login';
  if (url === trim(hosts.sandbox)) return 'sandbox_login';
  return /--[a-z0-9-]+\.sandbox(\.|\/|$)/.test(url) ? 'sandbox_my_domain' : 'my_domain';
}

/** The login URL a platform uses when the administrator gives no My Domain. */
export function defaultLoginUrl(platform: SalesforcePlatform, hosts: LoginHosts = SALESFORCE_LOGIN_HOSTS): string | undefined {
  return platform === 'sandbox' ? hosts.sandbox : platform === 'production' ? hosts.production : undefined;
}

/** Hyperforce instance names are a country code, digits and `S` (`USA650S`, `DEU46S`); first-generation ones are not (`NA224`, `CS42`). */
export function isHyperforceInstance(instanceName: string | undefined): boolean {
  return instanceName !== undefined && /^[A-Z]{3}\d+S$/.test(instanceName);
}
