import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.ts';
import { rotateAll, type RotationRow } from './rotate.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const aad = (recordId: string) => ({ tenantId: 't1', table: 'account_mapping', recordId, field: 'client_secret' });

interface Row extends RotationRow {
  readonly id: string;
}

function table(ring: KeyRing, n: number): Map<string, string> {
  return new Map(Array.from({ length: n }, (_, i) => [`r${i}`, ring.encrypt(`secret-${i}`, aad(`r${i}`))]));
}

function rows(t: Map<string, string>): Row[] {
  return [...t].map(([id, envelope]) => ({ id, envelope, aad: aad(id) }));
}

async function* asAsync<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

describe('rotateAll', () => {
  it('re-encrypts old envelopes under the newest key; afterwards the old key can go', async () => {
    const t = table(new KeyRing([k1]), 5);
    const ring = new KeyRing([k1, k2]);
    t.set('r4', ring.encrypt('secret-4', aad('r4')));
    const report = await rotateAll(ring, asAsync(rows(t)), (row, next) => {
      t.set(row.id, next);
    });
    expect(report).toEqual({ examined: 5, rotated: 4, alreadyCurrent: 1, failures: [] });
    const onlyNew = new KeyRing([k2]);
    for (const [id, envelope] of t) {
      expect(onlyNew.decrypt(envelope, aad(id))).toBe(`secret-${id.slice(1)}`);
      expect(onlyNew.needsRotation(envelope)).toBe(false);
    }
    const again = await rotateAll(onlyNew, rows(t), () => {
      throw new Error('nothing should be written');
    });
    expect(again).toMatchObject({ examined: 5, rotated: 0, alreadyCurrent: 5 });
  });

  it('reports rows it cannot decrypt, leaves them alone, and rotates the rest', async () => {
    const t = table(new KeyRing([k1]), 3);
    t.set('r1', t.get('r0') ?? ''); // copied to another row
    const stranger = new KeyRing([{ id: 'k0', key: randomBytes(32) }]);
    t.set('r2', stranger.encrypt('x', aad('r2')));
    const written: string[] = [];
    const report = await rotateAll(new KeyRing([k1, k2]), rows(t), (row) => {
      written.push(row.id);
    });
    expect(written).toEqual(['r0']);
    expect(report.failures.map((f) => [f.aad.recordId, f.code])).toEqual([
      ['r1', 'PSYNC_SECRET_WRONG_CONTEXT'],
      ['r2', 'PSYNC_SECRET_KEY_UNKNOWN'],
    ]);
    expect(JSON.stringify(report)).not.toContain('secret-');
  });

  it('stops when writing fails', async () => {
    const t = table(new KeyRing([k1]), 2);
    await expect(
      rotateAll(new KeyRing([k1, k2]), rows(t), async () => {
        throw new Error('database is gone');
      }),
    ).rejects.toThrow('database is gone');
  });
});
