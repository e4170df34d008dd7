import type { SecretAad, SecretCipher } from '../ports.ts';

/** Readable stand-in for the AES-GCM envelope: binds the context like the real one, hides nothing. */
export const fakeCipher: SecretCipher = {
  encrypt: (plain, aad) => `fake1.${Buffer.from(JSON.stringify({ aad: key(aad), plain })).toString('base64url')}`,
  decrypt(envelope, aad) {
    const body = JSON.parse(Buffer.from(envelope.replace(/^fake1\./, ''), 'base64url').toString('utf8')) as { aad: string; plain: string };
    if (body.aad !== key(aad)) throw new Error(`envelope belongs to ${body.aad}, not ${key(aad)}`);
    return body.plain;
  },
};
const key = (aad: SecretAad) => [aad.tenantId, aad.table, aad.recordId, aad.field].join('|');

export class ManualClock {
  constructor(public t = 1_700_000_000_000) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
