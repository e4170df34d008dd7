import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../index.ts';
import { OmniChannel, type OmniEvent } from './omni-channel.ts';
import { mintConsoleToken } from './bridge-token.ts';

let emulator: SalesforceEmulator;
let org: SeededOrg;

beforeEach(async () => {
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Omni Org',
        myDomain: 'omni',
        channels: [{ developerName: 'Case', label: 'Case' }],
        statuses: [{ label: 'Available', channels: ['Case'] }, { label: 'Busy' }, { label: 'On Break' }],
        profiles: [{ name: 'Agent', statusAccess: ['Busy'] }],
        permissionSets: [{ name: 'Case_Work', statusAccess: ['Available'] }],
        users: [{ username: 'ann@omni.example', password: 'Pass-1234', lastName: 'Ann', profile: 'Agent', permissionSets: ['Case_Work'] }],
      },
    ],
  });
  org = emulator.control.describeOrg('00D5g000004XyZa');
});
afterEach(async () => {
  await emulator.close();
});

const omni = (): OmniChannel => new OmniChannel(emulator.control, org.id, org.users['ann@omni.example']!);
const events = (channel: OmniChannel): OmniEvent[] => {
  const seen: OmniEvent[] = [];
  channel.subscribe((event) => seen.push(event));
  return seen;
};
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('the emulated Omni-Channel behind the toolkit', () => {
  it('offers the statuses granted to the profile and to assigned permission sets', () => {
    expect(omni().allowedStatuses().map((s) => s.developerName).sort()).toEqual(['Available', 'Busy']);
  });

  it('logs in, changes and logs out through UserServicePresence rows, firing the toolkit events after answering', async () => {
    const channel = omni();
    const seen = events(channel);
    expect(channel.current()).toBeNull();
    const shown = await channel.toolkit().setServicePresenceStatus(org.statuses.Available!);
    expect(shown).toMatchObject({ statusId: org.statuses.Available, statusApiName: 'Available' });
    expect(seen).toEqual([]);
    await tick();
    expect(seen).toEqual([
      { kind: 'login', statusId: org.statuses.Available },
      { kind: 'status', statusId: org.statuses.Available, statusApiName: 'Available', reason: 'OmniToolkitStatusChange' },
    ]);
    channel.set('Busy', 'OmniManualStatusChange');
    expect(await channel.toolkit().getServicePresenceStatusId()).toMatchObject({ statusApiName: 'Busy' });
    await channel.toolkit().logout();
    await tick();
    expect(seen.at(-1)).toEqual({ kind: 'logout' });
    const rows = emulator.control.records(org.id, 'UserServicePresence');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.IsCurrentState === false)).toBe(true);
  });

  it('records every change in the presence log with who made it: the agent, the toolkit, a logout, a closed browser', async () => {
    const channel = omni();
    channel.set('Busy', 'OmniManualStatusChange');
    channel.set('Busy', 'OmniManualStatusChange'); // no change, no entry
    await channel.toolkit().setServicePresenceStatus(org.statuses.Available!);
    await channel.toolkit().logout();
    channel.set('Busy', 'OmniSupervisorStatusChange');
    channel.logout(undefined, true);
    const user = org.users['ann@omni.example']!;
    const log = emulator.control.presenceChanges({ orgId: org.id, userId: user });
    expect(log.map((e) => [e.from, e.to, e.reason])).toEqual([
      [null, org.statuses.Busy, 'OmniManualStatusChange'],
      [org.statuses.Busy, org.statuses.Available, 'OmniToolkitStatusChange'],
      [org.statuses.Available, null, 'OmniToolkitLogout'],
      [null, org.statuses.Busy, 'OmniSupervisorStatusChange'],
      [org.statuses.Busy, null, 'BrowserClosed'],
    ]);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(emulator.control.presenceChanges({ afterSeq: 4 })).toHaveLength(1);
    const overHttp = (await (await fetch(`${emulator.url}/emulator/orgs/${org.id}/presence-changes?afterSeq=3`)).json()) as { changes: unknown[] };
    expect(overHttp.changes).toEqual(log.slice(3));
  });

  it('refuses a status the user may not use, changing nothing', async () => {
    const channel = omni();
    await expect(channel.toolkit().setServicePresenceStatus(org.statuses.On_Break!)).rejects.toThrow(/isn't available/);
    expect(emulator.control.records(org.id, 'UserServicePresence')).toEqual([]);
  });

  it('mints tokens in the Apex format', () => {
    const token = mintConsoleToken('psb1_x', org.id, org.users['ann@omni.example']!, 300, 1_800_000_000_000);
    const claims = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ v: 1, org: org.id, exp: 1_800_000_300 });
  });
});
