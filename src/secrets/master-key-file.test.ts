import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMasterKeyFile, readMasterKeyFile } from './master-key-file.ts';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'psync-key-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function codes(result: ReturnType<typeof readMasterKeyFile>): string[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe('master key files', () => {
  it('generates an owner-only file in a new owner-only folder, which reads back', () => {
    const path = join(dir, 'data', 'master.key');
    const { keyId } = generateMasterKeyFile(path);
    if (posix) {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'data')).mode & 0o077).toBe(0);
    }
    const ring = readMasterKeyFile(path);
    expect(ring.ok && ring.value.currentKeyId).toBe(keyId);
  });

  it('never overwrites an existing key file', () => {
    const path = join(dir, 'master.key');
    generateMasterKeyFile(path);
    const before = readFileSync(path, 'utf8');
    expect(() => generateMasterKeyFile(path)).toThrow(expect.objectContaining({ code: 'PSYNC_MASTER_KEY_FILE_EXISTS' }));
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it.runIf(posix)('refuses a file that group or others can read, and says how to fix it', () => {
    const path = join(dir, 'master.key');
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    chmodSync(path, 0o640);
    const result = readMasterKeyFile(path);
    expect(codes(result)).toEqual(['PSYNC_MASTER_KEY_FILE_PERMISSIONS']);
    expect(!result.ok && result.problems[0]?.message).toContain(`chmod 600 '${path}'`);
    chmodSync(path, 0o604);
    expect(codes(readMasterKeyFile(path))).toEqual(['PSYNC_MASTER_KEY_FILE_PERMISSIONS']);
    expect(readMasterKeyFile(path, 'win32').ok).toBe(true);
  });

  it('says so when the file is missing or a folder', () => {
    expect(codes(readMasterKeyFile(join(dir, 'nope')))).toEqual(['PSYNC_MASTER_KEY_FILE_UNREADABLE']);
    expect(codes(readMasterKeyFile(dir))).toEqual(['PSYNC_MASTER_KEY_FILE_UNREADABLE']);
  });

  it('checks the key inside like the environment variable, naming the file', () => {
    const path = join(dir, 'master.key');
    writeFileSync(path, 'c2hvcnQ=\n', { mode: 0o600 });
    const result = readMasterKeyFile(path);
    expect(codes(result)).toEqual(['PSYNC_MASTER_KEY_WRONG_LENGTH']);
    expect(!result.ok && result.problems[0]?.message).toContain(path);
  });
});
