import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSOLE_DIR } from './plugin.ts';

type Json = Record<string, unknown>;
interface States {
  acdKey(acd: Json): string;
  acdFromKey(key: string): Json;
  presenceKey(presence: Json): string;
  presenceFromKey(key: string, statuses: readonly Json[]): Json;
  acdLabel(acd: Json, codes: readonly Json[]): string;
  presenceLabel(presence: Json, statuses: readonly Json[]): string;
  acdSourceOptions(codes: readonly Json[]): { value: string; label: string }[];
  acdTargetOptions(codes: readonly Json[]): { value: string; label: string }[];
  acdStateFromKey(key: string, codes: readonly Json[]): Json;
}

const load = async () => (await import(pathToFileURL(join(CONSOLE_DIR, 'js', 'states.js')).href)) as States;
const codes = [{ id: '7', name: 'Lunch', active: true }, { id: '8', name: 'Old', active: false }];
const statuses = [{ id: '0N5000000000001AAA', label: 'Available for Chats', developerName: 'Available_for_Chats', availability: 'online', channels: [] }];

describe('the console’s state choices', () => {
  it('round-trips every rule row value through its <select> key, as the API shapes it', async () => {
    const s = await load();
    for (const acd of [{ kind: 'Available' }, { kind: 'LoggedOut' }, { kind: 'PREVIOUS' }, { kind: 'Unavailable', codeId: '7' }, { kind: 'Unavailable', codeId: null }, { kind: 'Working', activity: 'InboundContact' }]) {
      expect(s.acdFromKey(s.acdKey(acd))).toEqual(acd);
    }
    for (const presence of [{ kind: 'Offline' }, { kind: 'Status', statusId: '0N5000000000001AAA' }]) {
      expect(s.presenceFromKey(s.presenceKey(presence), statuses)).toEqual(presence);
    }
    expect(s.presenceFromKey('Status:0n5000000000001aaa', statuses)).toEqual({ kind: 'Status', statusId: '0N5000000000001AAA' });
    expect(s.acdStateFromKey('Unavailable:7', codes)).toEqual({ kind: 'Unavailable', code: { id: '7', name: 'Lunch' } });
  });

  it('names states in the brief’s words, offers "previous state" only as a subscriber target, and only active codes', async () => {
    const s = await load();
    expect(s.acdLabel({ kind: 'Unavailable', codeId: null }, codes)).toBe('System default unavailable state');
    expect(s.acdLabel({ kind: 'Unavailable', codeId: '7' }, codes)).toBe('Unavailable: Lunch');
    expect(s.acdLabel({ kind: 'PREVIOUS' }, codes)).toBe('Previous state');
    expect(s.presenceLabel({ kind: 'Status', statusId: '0N5000000000002AAA' }, statuses)).toBe('Unknown status 0N5000000000002AAA');
    const sources = s.acdSourceOptions(codes).map((o) => o.value);
    const targets = s.acdTargetOptions(codes).map((o) => o.value);
    expect(sources).not.toContain('PREVIOUS');
    expect(targets).toContain('PREVIOUS');
    expect(sources).toContain('Unavailable:7');
    expect(sources).not.toContain('Unavailable:8');
  });
});
