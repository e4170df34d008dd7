import { fail, ok, type Result } from './result.ts';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_CHARS = /^[A-Za-z0-9]+$/;

function checksum(id15: string): string {
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

/**
 * Parses any Salesforce record ID (15 case-sensitive characters, or 18 with the case checksum)
 * into its 18-character form. The checksum of an 18-character ID is verified; an ID whose letters
 * were all lower-cased (or upper-cased) on the way gets its case back from the checksum, so
 * `001m000000qfpysiau` and `001M000000qfPySIAU` are the same record.
 */
export function toId18(input: string, what = 'Salesforce ID'): Result<string> {
  const id = input.trim();
  if (!ID_CHARS.test(id) || (id.length !== 15 && id.length !== 18)) {
    return fail({
      code: 'PSYNC_SFID_FORMAT',
      message: `The ${what} "${input}" must be 15 or 18 letters and digits (you typed ${id.length} characters).`,
      details: { value: input },
    });
  }
  if (id.length === 15) return ok(id + checksum(id));
  const body = id.slice(0, 15);
  if (checksum(body) === id.slice(15).toUpperCase()) return ok(body + checksum(body));
  // An ID whose letters were all lower- or upper-cased in transit keeps its case in the checksum.
  const restored = body === body.toLowerCase() || body === body.toUpperCase() ? restoreCase(id) : undefined;
  if (restored === undefined) {
    return fail({
      code: 'PSYNC_SFID_CHECKSUM',
      message: `The ${what} "${input}" is 18 characters long but its last three do not match the first fifteen; copy it again from Salesforce.`,
      details: { value: input },
    });
  }
  return ok(restored);
}

function restoreCase(id18: string): string | undefined {
  const suffix = id18.slice(15).toUpperCase();
  let body = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    if (bits < 0) return undefined;
    for (let j = 0; j < 5; j++) {
      const ch = id18.charAt(chunk * 5 + j);
      const upper = (bits & (1 << j)) !== 0;
      if (/[A-Za-z]/.test(ch)) body += upper ? ch.toUpperCase() : ch.toLowerCase();
      else if (upper) return undefined;
      else body += ch;
    }
  }
  return body + suffix;
}

/** An organisation ID: `00D`, 15 or 18 characters, normalised to 18. */
export function parseOrgId(input: string): Result<string> {
  const parsed = toId18(input, 'organisation ID');
  if (!parsed.ok) return parsed;
  if (!parsed.value.startsWith('00D')) {
    return fail({
      code: 'PSYNC_ORGID_PREFIX',
      message: `The organisation ID "${input}" must start with 00D. Find it in Salesforce under Setup → Company Information → Salesforce.com Organization ID.`,
      details: { value: input },
    });
  }
  return ok(parsed.value);
}

/**
 * Whether two Salesforce IDs name the same record: two 15-character IDs compare case-sensitively;
 * otherwise both are normalised to 18 characters and compared without regard to case.
 */
export function sameSalesforceId(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x.length === 15 && y.length === 15) return x === y;
  const x18 = toId18(x);
  const y18 = toId18(y);
  return x18.ok && y18.ok && x18.value.toLowerCase() === y18.value.toLowerCase();
}
