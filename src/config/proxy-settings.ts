import { isIP } from 'node:net';
import { z } from 'zod';

/** The settings for a hub behind a TLS reverse proxy: its public URL, other allowed origins, which proxies to believe. */

function shown(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
}

function reject(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** `scheme://host[:port]` of an http(s) URL with nothing else, or why not. */
function originOf(text: string, example: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `expected a URL such as ${example}, got ${shown(text)}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `expected an https:// (or http://) URL such as ${example}, got ${shown(text)}` };
  if (url.username !== '' || url.password !== '') return { problem: `expected a URL without a user name or password, such as ${example}` };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return { problem: `expected only the scheme, host and port, such as ${example}: the console and the API are served at the root of the host, so a path, query or fragment cannot work; got ${shown(text)}` };
  }
  return { origin: url.origin };
}

/** The URL administrators' browsers use to reach the hub, reduced to its origin (no trailing slash); `undefined` when absent. */
export function publicUrlSetting() {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const result = originOf(value.trim(), 'https://presence-sync.example.com');
      return 'origin' in result ? result.origin : reject(ctx, result.problem);
    });
}

/** A comma-separated list of origins; `undefined` when absent. */
export function originListSetting() {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const origins: string[] = [];
      for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
        const result = originOf(entry, 'https://admin.example.com');
        if (!('origin' in result)) return reject(ctx, `${result.problem} (a comma-separated list of origins)`);
        origins.push(result.origin);
      }
      return origins;
    });
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];
/** proxy-addr's names for address ranges, as Fastify's trustProxy accepts them. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  return prefix >= 0 && prefix <= (family === 4 ? 32 : 128);
}

/**
 * Whose X-Forwarded-Proto/-Host/-For headers to believe: nobody (false), any peer (true), or the
 * proxies at the listed addresses, ranges (CIDR) and names (loopback, linklocal, uniquelocal).
 */
export function trustProxySetting() {
  return z
    .string()
    .optional()
    .transform((value, ctx): boolean | string[] => {
      if (value === undefined) return false;
      const v = value.trim().toLowerCase();
      if (TRUE.includes(v)) return true;
      if (FALSE.includes(v)) return false;
      const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
      const wrong = entries.filter((e) => !isAddressOrRange(e));
      if (entries.length === 0 || wrong.length > 0) {
        return reject(
          ctx,
          `expected true, false, or the proxy's addresses as a comma-separated list of IP addresses, CIDR ranges or the names loopback, linklocal, uniquelocal (such as 127.0.0.1 or 10.0.0.0/8), got ${shown(value)}`,
        );
      }
      return entries;
    });
}
