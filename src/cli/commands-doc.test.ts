import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildCli } from './program.ts';

const doc = readFileSync(new URL('../../docs/install.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('The commands (each has `--help`'), doc.indexOf('\n## ', doc.indexOf('The commands (each has `--help`')));
/** The first cell of each row: the command as documented, e.g. "presence-sync org-id <id>". */
const rows = [...table.matchAll(/^\| `(presence-sync [^`]+)` \|/gm)].map((m) => m[1] ?? '');

/** Every command that does something (not `help`, not a group such as `admin`), with its full name. */
function leaves(command: Command, prefix: string): { name: string; command: Command }[] {
  return command.commands.flatMap((c) => {
    const name = `${prefix} ${c.name()}`;
    return c.commands.length > 0 ? leaves(c, name) : [{ name, command: c }];
  });
}

const commands = leaves(buildCli(), 'presence-sync');
const rowOf = (name: string) => rows.find((row) => row === name || row.startsWith(`${name} `));

describe('the command table of docs/install.md', () => {
  it('has one row per command, and none for a command that does not exist', () => {
    expect(commands.length).toBeGreaterThan(6);
    for (const { name } of commands) expect(rowOf(name), name).toBeDefined();
    expect(rows).toHaveLength(commands.length);
  });

  it('shows each command’s arguments and options, the optional ones in brackets', () => {
    for (const { name, command } of commands) {
      const row = rowOf(name) ?? '';
      for (const argument of command.registeredArguments) expect(row, name).toContain(argument.required ? `<${argument.name()}>` : `[${argument.name()}]`);
      for (const option of command.options) {
        const flag = `${option.long}${option.flags.includes('<') ? ` ${/<[^>]+>/.exec(option.flags)?.[0]}` : ''}`;
        expect(row, `${name} ${option.long}`).toContain(option.mandatory ? ` ${flag}` : `[${flag}]`);
      }
    }
  });
});
