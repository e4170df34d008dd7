import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TROUBLESHOOTING = join(ROOT, 'docs', 'troubleshooting.md');

/** `PSYNC_` and what follows; a match ending in `_` is a prefix (`PSYNC_SF_...`, a template), not a code. */
const CODE = /PSYNC_[A-Z0-9_]+/g;

function codesIn(text: string): Set<string> {
  return new Set([...text.matchAll(CODE)].map((m) => m[0]).filter((code) => !code.endsWith('_')));
}

/** The product's source files: tests and their helpers use made-up codes, so they are left out. */
function productSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : productSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('docs/troubleshooting.md', () => {
  it('names every PSYNC_ error code the product uses under src/', () => {
    const used = new Map<string, string>();
    for (const file of productSources(join(ROOT, 'src'))) {
      for (const code of codesIn(readFileSync(file, 'utf8'))) if (!used.has(code)) used.set(code, file.slice(ROOT.length));
    }
    const documented = codesIn(readFileSync(TROUBLESHOOTING, 'utf8'));
    const missing = [...used].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (first used in ${file})`);
    expect(used.size).toBeGreaterThan(0);
    expect(missing, 'add these codes to docs/troubleshooting.md: what each means and what to do').toEqual([]);
  });

  it('treats a prefix or a made-up neighbour as no code', () => {
    expect([...codesIn('PSYNC_SF_... `PSYNC_BRIDGE_TOKEN_${x}` PSYNC_SF_X, PSYNC_CXONE_RATE_LIMITED.')]).toEqual(['PSYNC_SF_X', 'PSYNC_CXONE_RATE_LIMITED']);
    expect(codesIn('PSYNC_SF_XY').has('PSYNC_SF_X')).toBe(false);
  });
});
