import { describe, expect, it } from 'vitest';
import { allowedStatusIds, toStatusAccess } from './status-access.ts';
import { toChannels, toStatuses } from './statuses.ts';
import { to18 } from './test-support/ids.ts';

const AVAILABLE = to18('0N5000000000001');
const BUSY = to18('0N5000000000002');
const CASE = to18('0N1000000000001');
const PROFILE = to18('00e000000000001');
const PROFILE_SET = to18('0PS000000000001');
const AGENT_SET = to18('0PS000000000002');

describe('toStatuses', () => {
  it('marks statuses with channels Online and without Busy, channels by developer name', () => {
    const statuses = toStatuses(
      [
        { Id: AVAILABLE, DeveloperName: 'Available', MasterLabel: 'Available' },
        { Id: BUSY, DeveloperName: 'Busy' },
        { Id: 'bad' },
      ],
      [
        { ServicePresenceStatusId: AVAILABLE, ServiceChannelId: CASE, ServiceChannel: { DeveloperName: 'Phone' } },
        { ServicePresenceStatusId: AVAILABLE, ServiceChannelId: CASE, ServiceChannel: null },
        { ServicePresenceStatusId: null, ServiceChannelId: CASE },
      ],
    );
    expect(statuses).toEqual([
      { id: AVAILABLE, developerName: 'Available', label: 'Available', availability: 'online', channels: [CASE, 'Phone'] },
      { id: BUSY, developerName: 'Busy', label: 'Busy', availability: 'busy', channels: [] },
    ]);
  });

  it('reads channels', () => {
    expect(toChannels([{ Id: CASE, DeveloperName: 'Case', MasterLabel: 'Cases', RelatedEntity: 'Case' }, { Id: CASE }, { Id: CASE, DeveloperName: 'Chat' }])).toEqual([
      { id: CASE, developerName: 'Case', label: 'Cases', relatedEntity: 'Case' },
      { id: CASE, developerName: 'Chat', label: 'Chat' },
    ]);
  });
});

describe('status access', () => {
  const access = toStatusAccess([
    { ParentId: PROFILE_SET, SetupEntityId: AVAILABLE, Parent: { IsOwnedByProfile: true, ProfileId: PROFILE, Label: 'x', Profile: { Name: 'Custom Agent' } } },
    { ParentId: PROFILE_SET, SetupEntityId: BUSY, Parent: { IsOwnedByProfile: true, ProfileId: PROFILE } },
    { ParentId: AGENT_SET, SetupEntityId: BUSY, Parent: { Name: 'Omni_Agent', IsOwnedByProfile: false } },
    { ParentId: AGENT_SET, SetupEntityId: null },
  ]);

  it('groups access by profile and permission set', () => {
    expect(access.holders).toEqual([
      { permissionSetId: PROFILE_SET, kind: 'profile', id: PROFILE, name: 'Custom Agent', statusIds: [AVAILABLE, BUSY].sort() },
      { permissionSetId: AGENT_SET, kind: 'permission_set', id: AGENT_SET, name: 'Omni_Agent', statusIds: [BUSY] },
    ]);
  });

  it('gives a user the statuses of the profile and of assigned permission sets', () => {
    expect(allowedStatusIds(access, PROFILE.toLowerCase(), [])).toEqual([AVAILABLE, BUSY].sort());
    expect(allowedStatusIds(access, to18('00e000000000009'), [AGENT_SET])).toEqual([BUSY]);
    expect(allowedStatusIds(access, to18('00e000000000009'), [])).toEqual([]);
  });

  it('names holders without relationship data by their IDs', () => {
    const bare = toStatusAccess([{ ParentId: AGENT_SET, SetupEntityId: BUSY }, { ParentId: PROFILE_SET, SetupEntityId: BUSY, Parent: { IsOwnedByProfile: true, ProfileId: PROFILE } }]);
    expect(bare.holders.map((h) => h.name)).toEqual([AGENT_SET, PROFILE]);
  });
});
