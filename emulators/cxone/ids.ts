import { randomBytes, randomUUID } from 'node:crypto';

/** Number sequences shaped like CXone's (agent ids, team ids, code ids, contact ids, business units). */
export class IdSequences {
  private agent = 100_000;
  private team = 5_000;
  private code = 100;
  private contact = 900_000_000;
  private businessUnit = 4_600_000;
  nextAgentId = (): number => ++this.agent;
  nextTeamId = (): number => ++this.team;
  nextCodeId = (): number => ++this.code;
  nextContactId = (): number => ++this.contact;
  nextBusinessUnitId = (): number => ++this.businessUnit;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random upper-case base32 string (access key ids look like this). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE32[b % 32];
  return out;
}

export const randomSecret = (): string => randomBytes(32).toString('base64url');
export const uuid = (): string => randomUUID();
