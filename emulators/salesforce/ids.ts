import { randomBytes } from 'node:crypto';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Real key prefixes (first three characters of a record ID) of the objects the emulator serves. */
export const KEY_PREFIX = {
  Organization: '00D',
  User: '005',
  Profile: '00e',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  PackageLicense: '050',
  UserPackageLicense: '051',
  ServicePresenceStatus: '0N5',
  ServiceChannel: '0N1',
  ServiceChannelStatus: '0N3',
  UserServicePresence: '0Hn',
  SetupEntityAccess: '0J0',
  QueryLocator: '01g',
} as const;

/** The three-character case checksum that turns a 15-character ID into its 18-character form. */
export function caseChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const ch = id15.charAt(chunk * 5 + j);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << j;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + caseChecksum(id15);
}

/** Normalises a 15- or 18-character ID to 18 characters; undefined when it is not an ID. */
export function normaliseId(id: string): string | undefined {
  if (!/^[A-Za-z0-9]+$/.test(id)) return undefined;
  if (id.length === 15) return to18(id);
  if (id.length !== 18) return undefined;
  if (caseChecksum(id.slice(0, 15)) === id.slice(15).toUpperCase()) return to18(id.slice(0, 15));
  return restoreCase(id);
}

/** 18-character IDs are case-insensitive: the suffix says which of the first 15 characters are upper case. */
function restoreCase(id18: string): string | undefined {
  const suffix = id18.slice(15).toUpperCase();
  let body = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    if (bits < 0) return undefined;
    for (let j = 0; j < 5; j++) {
      const ch = id18.charAt(chunk * 5 + j);
      body += bits & (1 << j) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return caseChecksum(body) === suffix ? body + suffix : undefined;
}

export function sameId(a: string, b: string): boolean {
  const na = normaliseId(a);
  return na !== undefined && na === normaliseId(b);
}

function base62(n: number, width: number): string {
  let out = '';
  let v = n;
  for (let i = 0; i < width; i++) {
    out = BASE62.charAt(v % 62) + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/**
 * Issues record IDs shaped like real ones: prefix (3) + pod (2) + reserved '0' + counter (9) +
 * checksum (3). The pod characters are fixed per org so IDs of one org look alike.
 */
export class IdFactory {
  private counter = 0;
  constructor(private readonly pod: string) {}

  next(prefix: string): string {
    this.counter += 1;
    return to18(`${prefix}${this.pod}0${base62(this.counter + 1_000_000, 9)}`);
  }
}

/** A fresh org ID (00D + 12 random base-62 characters + checksum) and the pod part used by its records. */
export function newOrgId(): string {
  const bytes = randomBytes(12);
  let body = '';
  for (const b of bytes) body += BASE62.charAt(b % 62);
  return to18(`00D${body.slice(0, 2)}0${body.slice(2, 11)}`);
}

export function podOf(orgId: string): string {
  return orgId.slice(3, 5);
}

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE62.charAt(b % 62);
  return out;
}
