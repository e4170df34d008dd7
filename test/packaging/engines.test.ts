/**
 * `npm ci` warns EBADENGINE when a dependency declares a Node.js range the running Node is outside
 * of. package.json's engines names the Node versions the project supports; every installed
 * dependency must accept the lowest version of each of them, or `npm ci` warns there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Version = readonly [number, number, number];
const ROOT = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', ROOT), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }>;
};

function parse(text: string): Version {
  const m = /^v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(text.trim());
  if (!m) throw new Error(`not a version: "${text}"`);
  return [Number(m[1]), m[2] === undefined || m[2] === 'x' ? 0 : Number(m[2]), m[3] === undefined || m[3] === 'x' ? 0 : Number(m[3])];
}
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** npm's range grammar as the lockfile uses it: `||` of `>=X`, `^X`, `X.x`, `X`, `*`; anything else throws. */
function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) => {
    const part = alternative.trim().replace(/^>=\s+/, '>=');
    if (part === '*' || part === '') return true;
    if (part.startsWith('>=')) return cmp(version, parse(part.slice(2))) >= 0;
    if (part.startsWith('^')) {
      const low = parse(part.slice(1));
      return cmp(version, low) >= 0 && (low[0] > 0 ? version[0] === low[0] : version[1] === low[1]);
    }
    const exact = /^(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(part);
    if (!exact) throw new Error(`range part not understood: "${part}" of "${range}"`);
    const low = parse(part);
    return version[0] === low[0] && (exact[2] === undefined || exact[2] === 'x' || (version[1] === low[1] && (exact[3] === undefined || exact[3] === 'x' || version[2] === low[2])));
  });
}

/** The lowest version of each alternative of the project's engines range (`^22.13.0 || ^24.0.0` → 22.13.0, 24.0.0). */
function lowestSupported(range: string): Version[] {
  return range.split('||').map((part) => parse(part.trim().replace(/^(\^|>=\s*)/, '')));
}

describe('package.json engines', () => {
  const supported = lowestSupported(pkg.engines.node);

  it('supports the Node.js LTS lines 22 and 24', () => {
    expect(supported.map((v) => v[0])).toEqual([22, 24]);
  });

  it('is accepted by every dependency in the lockfile, so npm ci on a supported Node warns no EBADENGINE', () => {
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = !path || Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range === undefined || entry.os !== undefined || entry.cpu !== undefined) continue;
      for (const version of supported) if (!satisfies(version, range)) refused.push(`${path} wants node ${range}, not ${version.join('.')}`);
    }
    expect(refused).toEqual([]);
  });
});
