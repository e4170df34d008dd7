import { isIP } from 'node:net';
import { z } from 'zod';

/** Every setting arrives as text (or absent); these turn it into a typed value or one clear issue. */

function shown(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
}

function reject(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

export function integerSetting(min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) return reject(ctx, `expected an integer ${min}–${max}, got ${shown(value)}`);
      return n;
    });
}

/** An interval in ms that may also be 0 (off); between 0 and `min` is refused, as too often to be meant. */
export function intervalOrOffSetting(min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n) || (n !== 0 && (n < min || n > max))) return reject(ctx, `expected 0 (off) or an integer ${min}–${max}, got ${shown(value)}`);
      return n;
    });
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

export function booleanSetting(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const v = value.trim().toLowerCase();
      if (TRUE.includes(v)) return true;
      if (FALSE.includes(v)) return false;
      return reject(ctx, `expected true or false (also 1/0, yes/no, on/off), got ${shown(value)}`);
    });
}

export function choiceSetting<const T extends readonly [string, ...string[]]>(choices: T, fallback: T[number]) {
  return z
    .string()
    .optional()
    .transform((value, ctx): T[number] => {
      if (value === undefined) return fallback;
      const v = value.trim().toLowerCase();
      const choice = choices.find((c) => c === v);
      return choice ?? reject(ctx, `expected one of ${choices.join(', ')}, got ${shown(value)}`);
    });
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function hostSetting(fallback: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const v = value.trim();
      if (isIP(v) !== 0 || HOSTNAME.test(v)) return v;
      return reject(ctx, `expected an IP address or host name to listen on (e.g. 127.0.0.1, 0.0.0.0 or ::), got ${shown(value)}`);
    });
}

/** Free text matching a pattern; `undefined` when absent. */
export function patternSetting(pattern: RegExp, expected: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const v = value.trim();
      return pattern.test(v) ? v : reject(ctx, `expected ${expected}, got ${shown(value)}`);
    });
}

export function pathSetting() {
  return patternSetting(/^[^\0]+$/, 'a file system path');
}

/** A PostgreSQL connection URL. Errors name only the scheme: the rest may hold a password. */
export function postgresUrlSetting() {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const expected = 'expected a PostgreSQL URL such as postgres://user:password@host:5432/database';
      let url: URL;
      try {
        url = new URL(value.trim());
      } catch {
        return reject(ctx, `${expected}, got text that is not a URL`);
      }
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        return reject(ctx, `${expected}, got a '${url.protocol}' URL (SQLite needs no URL: leave DATABASE_URL unset)`);
      }
      return value.trim();
    });
}

/** Secret text, checked elsewhere (and never echoed). */
export function secretSetting() {
  return z.string().optional();
}
