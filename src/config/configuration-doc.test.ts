import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES, settingsSchema } from './settings-schema.ts';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## All settings'), doc.indexOf('\n## ', doc.indexOf('## All settings') + 1));
const rows = new Map([...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()]));

describe('docs/configuration.md', () => {
  it('documents every setting, and only real ones', () => {
    expect([...rows.keys()].sort()).toEqual([...SETTING_NAMES, 'PRESENCE_SYNC_CONFIG'].sort());
  });

  it('states the defaults the schema applies', () => {
    const defaults = settingsSchema.parse({}) as Record<string, unknown>;
    let compared = 0;
    for (const [name, documented] of rows) {
      const value = defaults[name];
      if (value === undefined) continue;
      expect(documented, name).toBe(`\`${String(value)}\``);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10);
  });
});
