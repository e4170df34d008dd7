import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerToolCommands } from './tool-commands.ts';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  const program = new Command('presence-sync').exitOverride();
  registerToolCommands(program);
  process.exitCode = undefined;
  await program.parseAsync(['node', 'presence-sync', ...args]);
  const code = process.exitCode;
  process.exitCode = undefined;
  return { out, err, code };
}

afterEach(() => vi.restoreAllMocks());

describe('presence-sync tool commands', () => {
  it('prints the 18-character form of an organisation ID', async () => {
    expect(await run('org-id', '00D5g000004XyZ1')).toEqual({ out: ['00D5g000004XyZ1EAK'], err: [], code: undefined });
  });

  it('explains a wrong organisation ID and fails', async () => {
    const r = await run('org-id', '005000000000001');
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^PSYNC_ORGID_PREFIX: .*00D/);
  });

  it('derives and checks developer names', async () => {
    expect((await run('developer-name', 'Available for Chats')).out).toEqual(['Available_for_Chats']);
    expect((await run('developer-name', '--check', 'Available_for_Chats')).out).toEqual(['Available_for_Chats']);
    const bad = await run('developer-name', '--check', 'Bad__name_');
    expect(bad.code).toBe(1);
    expect(bad.err).toHaveLength(2);
  });
});
