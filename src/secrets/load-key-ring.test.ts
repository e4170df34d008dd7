import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveKeyRing } from './load-key-ring.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'psync-ring-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const key = () => randomBytes(32).toString('base64');

describe('resolveKeyRing', () => {
  it('takes keys from the environment value', () => {
    const result = resolveKeyRing({ keyText: `k1:${key()}`, required: true });
    expect(result.ok && result.value?.source).toBe('env');
    expect(result.ok && result.value?.keyRing.currentKeyId).toBe('k1');
  });

  it('takes keys from a key file', () => {
    const file = join(dir, 'k');
    writeFileSync(file, key(), { mode: 0o600 });
    const result = resolveKeyRing({ keyFile: file, required: true });
    expect(result.ok && result.value).toMatchObject({ source: 'file', file });
  });

  it('refuses both at once', () => {
    const result = resolveKeyRing({ keyText: key(), keyFile: join(dir, 'k'), required: true });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_CONFLICT']);
  });

  it('refuses to run without a key when one is required, and says how to make one', () => {
    const result = resolveKeyRing({ required: true });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_MISSING']);
    expect(!result.ok && result.problems[0]?.message).toContain('openssl rand -base64 32');
  });

  it('gives no ring when none is required', () => {
    expect(resolveKeyRing({ required: false })).toEqual({ ok: true, value: undefined });
  });

  it('generates the demo key file once, then reuses it', () => {
    const file = join(dir, 'data', 'master.key');
    const first = resolveKeyRing({ demoKeyFile: file, required: false });
    const second = resolveKeyRing({ demoKeyFile: file, required: false });
    expect(first.ok && first.value?.source).toBe('generated');
    expect(second.ok && second.value?.source).toBe('file');
    expect(first.ok && second.ok && first.value?.keyRing.currentKeyId === second.value?.keyRing.currentKeyId).toBe(true);
  });

  it('reports a demo key file it cannot create', () => {
    writeFileSync(join(dir, 'file'), 'x');
    const result = resolveKeyRing({ demoKeyFile: join(dir, 'file', 'master.key'), required: false });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_FILE_UNWRITABLE']);
  });
});
