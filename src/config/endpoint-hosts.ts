/**
 * Where the hub may send a tenant's stored credentials: Salesforce's and NICE CXone's own login
 * and API hosts over https, plus the hosts an operator allows explicitly with
 * PRESENCE_SYNC_ALLOWED_ENDPOINTS (an emulator, a private deployment). Never chosen per request.
 */
import { z } from 'zod';

export type EndpointPlatform = 'salesforce' | 'cxone';

/** Salesforce's login hosts: the shared ones, My Domains (sandbox and Hyperforce ones included) and the government clouds'. */
export const SALESFORCE_ENDPOINT_HOSTS = ['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com', '*.my.salesforce-gov.com', '*.my.salesforce.mil'] as const;

/** NICE CXone's issuers and API domains (docs/reference: commercial, FedRAMP, sovereign clouds). */
export const CXONE_ENDPOINT_HOSTS = ['*.niceincontact.com', '*.nice-incontact.com', '*.nicecxone.com', '*.nicecxone-gov.com', 'nicecxone-sov1.au', 'nicecxone-sov1.eu', 'nicecxone-sov1.uk'] as const;

/** One operator entry: `scheme://host[:port]`; the host may start with `*.`; no port: any port. */
export interface AllowedEndpoint {
  readonly protocol: 'http:' | 'https:';
  readonly host: string;
  readonly port?: string;
}

const hostMatches = (pattern: string, host: string): boolean => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern);

/** Why this URL may not receive the platform's credentials, or undefined when it may. */
export function endpointProblem(platform: EndpointPlatform, text: string, allowed: readonly AllowedEndpoint[]): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL.`;
  }
  const host = url.hostname.toLowerCase();
  const port = url.port;
  if (allowed.some((a) => a.protocol === url.protocol && hostMatches(a.host, host) && (a.port === undefined || a.port === port))) return undefined;
  if (url.username !== '' || url.password !== '') return 'The URL may not carry a user name or password.';
  const own = platform === 'salesforce' ? SALESFORCE_ENDPOINT_HOSTS : CXONE_ENDPOINT_HOSTS;
  const name = platform === 'salesforce' ? 'Salesforce' : 'NICE CXone';
  if (url.protocol !== 'https:') return `The hub sends credentials over https only; ${url.origin} is ${url.protocol.replace(':', '')}. Use the https:// URL of ${name}.`;
  if (port !== '') return `${name} is reached on the standard https port; remove :${port} from the URL.`;
  if (!own.some((p) => hostMatches(p, host))) {
    return `${host} is not a ${name} host (${own.join(', ')}); the hub sends the credentials only there. An operator can allow another host (an emulator, a private deployment) with PRESENCE_SYNC_ALLOWED_ENDPOINTS (docs/configuration.md).`;
  }
  return undefined;
}

function parseEntry(entry: string): AllowedEndpoint | string {
  const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i.exec(entry);
  if (!m) return `expected scheme://host[:port] (the host may start with "*."), such as http://127.0.0.1 or https://*.cxone.example.net, got '${entry.slice(0, 60)}'`;
  return { protocol: `${m[1]!.toLowerCase()}:` as 'http:' | 'https:', host: `${m[2] ?? ''}${m[3]!.toLowerCase()}`, ...(m[4] !== undefined ? { port: m[4] } : {}) };
}

/** The setting: a comma-separated list of entries; empty when absent. */
export function allowedEndpointsSetting() {
  return z
    .string()
    .optional()
    .transform((value, ctx): AllowedEndpoint[] | undefined => {
      if (value === undefined) return undefined;
      const entries: AllowedEndpoint[] = [];
      for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
        const parsed = parseEntry(entry);
        if (typeof parsed === 'string') {
          ctx.addIssue({ code: 'custom', message: `${parsed} (a comma-separated list)` });
          return z.NEVER;
        }
        entries.push(parsed);
      }
      return entries;
    });
}

export const describeAllowedEndpoint = (a: AllowedEndpoint): string => `${a.protocol}//${a.host}${a.port !== undefined ? `:${a.port}` : ''}`;
