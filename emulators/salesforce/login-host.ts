/**
 * Everything runs on one loopback server, so Salesforce's hosts are modelled as path prefixes:
 *
 *   <base>/login            login.salesforce.com   (production login host)
 *   <base>/test             test.salesforce.com    (sandbox login host)
 *   <base>/my/<myDomain>    <myDomain>.my.salesforce.com (an org's My Domain: login host AND instance_url;
 *                           Hyperforce orgs and sandboxes, e.g. "acme--uat.sandbox", use it the same way)
 *
 * A request's prefix is stripped before routing, so each route is written once as in Salesforce's
 * documentation; `/services/data/...` without a prefix is also served (the access token decides the org).
 */
export type LoginHost =
  | { kind: 'production'; prefix: '/login' }
  | { kind: 'sandbox'; prefix: '/test' }
  | { kind: 'mydomain'; prefix: string; domain: string }
  | { kind: 'none'; prefix: '' };

export function splitHost(url: string): { host: LoginHost; rest: string } {
  if (url === '/login' || url.startsWith('/login/') || url.startsWith('/login?')) {
    return { host: { kind: 'production', prefix: '/login' }, rest: url.slice(6) || '/' };
  }
  if (url === '/test' || url.startsWith('/test/') || url.startsWith('/test?')) {
    return { host: { kind: 'sandbox', prefix: '/test' }, rest: url.slice(5) || '/' };
  }
  const m = /^\/my\/([^/?]+)/.exec(url);
  if (m) {
    const domain = decodeURIComponent(m[1] as string).toLowerCase();
    return { host: { kind: 'mydomain', prefix: m[0], domain }, rest: url.slice(m[0].length) || '/' };
  }
  return { host: { kind: 'none', prefix: '' }, rest: url };
}
