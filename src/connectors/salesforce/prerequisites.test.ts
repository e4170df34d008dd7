import { describe, expect, it } from 'vitest';
import { evaluatePrerequisites, type PackageLicenceInfo, type PrerequisiteConfig, type UserPrerequisiteFacts } from './prerequisites.ts';
import { to18 } from './test-support/ids.ts';
import type { SalesforceUser } from './users.ts';
import { toSalesforceUser } from './users.ts';

const USER: SalesforceUser = {
  id: to18('005000000000001'),
  username: 'alice@acme.example',
  name: 'Alice Agent',
  isActive: true,
  profileId: to18('00e000000000001'),
  profileName: 'Custom Agent',
  profileLightningEnabled: true,
  lightningPreferred: true,
  serviceCloudUser: true,
};
const LICENCE: PackageLicenceInfo = { namespacePrefix: 'nicecx', status: 'Active', allowedLicenses: 50 };
const CONFIG: PrerequisiteConfig = { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'nicecx' };
const facts = (overrides: Partial<UserPrerequisiteFacts> = {}, user: Partial<SalesforceUser> = {}): UserPrerequisiteFacts => ({
  user: { ...USER, ...user },
  permissionSetNames: ['nice_agent'],
  hasPackageLicenseAssignment: true,
  allowedStatusIds: [to18('0N5000000000001')],
  ...overrides,
});
const failing = (f: UserPrerequisiteFacts, licence: PackageLicenceInfo | undefined, config = CONFIG) =>
  evaluatePrerequisites(f, licence, config)
    .checks.filter((c) => !c.ok)
    .map((c) => c.problem?.code);

describe('evaluatePrerequisites', () => {
  it('passes a fully equipped agent', () => {
    const report = evaluatePrerequisites(facts(), LICENCE, CONFIG);
    expect(report).toMatchObject({ salesforceUserId: USER.id, username: USER.username, ok: true });
    expect(report.checks.map((c) => c.id)).toEqual(['active', 'agent_permission_set', 'package_licence', 'lightning', 'service_cloud_user', 'presence_status_access']);
  });

  it('names every failing check with what to do', () => {
    const report = evaluatePrerequisites(
      facts({ permissionSetNames: [], hasPackageLicenseAssignment: false, allowedStatusIds: [] }, { isActive: false, serviceCloudUser: false, lightningPreferred: false }),
      LICENCE,
      CONFIG,
    );
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => [c.problem?.code, c.problem?.message])).toEqual([
      ['PSYNC_PREREQ_USER_INACTIVE', expect.stringContaining('Activate')],
      ['PSYNC_PREREQ_NO_AGENT_PERMISSION_SET', expect.stringContaining('"NICE_Agent"')],
      ['PSYNC_PREREQ_NO_PACKAGE_LICENCE', expect.stringContaining('Manage Licenses')],
      ['PSYNC_PREREQ_NO_LIGHTNING', expect.stringContaining('Classic')],
      ['PSYNC_PREREQ_NO_SERVICE_CLOUD_USER', expect.stringContaining('Service Cloud User')],
      ['PSYNC_PREREQ_NO_STATUS_ACCESS', expect.stringContaining('Custom Agent')],
    ]);
  });

  it('knows the package licence cases: not installed, expired, site licence', () => {
    expect(failing(facts(), undefined)).toEqual(['PSYNC_PREREQ_PACKAGE_NOT_INSTALLED']);
    expect(failing(facts(), { ...LICENCE, status: 'Expired' })).toEqual(['PSYNC_PREREQ_PACKAGE_LICENCE_EXPIRED']);
    expect(failing(facts({ hasPackageLicenseAssignment: false }), { ...LICENCE, allowedLicenses: -1 })).toEqual([]);
    expect(failing(facts(), { ...LICENCE, status: 'Trial' })).toEqual([]);
  });

  it('blames the profile when it lacks Lightning, and can leave out the Service Cloud check', () => {
    const report = evaluatePrerequisites(facts({}, { profileLightningEnabled: false }), LICENCE, CONFIG);
    expect(report.checks.find((c) => c.id === 'lightning')?.problem?.message).toContain('"Lightning Experience User"');
    expect(failing(facts({}, { serviceCloudUser: false }), LICENCE, { ...CONFIG, requireServiceCloudUser: false })).toEqual([]);
  });
});

describe('toSalesforceUser', () => {
  it('reads a User row with its profile', () => {
    expect(
      toSalesforceUser({
        Id: USER.id,
        Username: USER.username,
        Email: 'alice@acme.example',
        Name: 'Alice Agent',
        FederationIdentifier: 'alice-fed',
        IsActive: true,
        ProfileId: USER.profileId,
        Profile: { Name: 'Custom Agent', PermissionsLightningExperienceUser: true },
        UserPermissionsSupportUser: true,
        UserPreferencesLightningExperiencePreferred: true,
      }),
    ).toEqual({ ...USER, email: 'alice@acme.example', federationIdentifier: 'alice-fed' });
    expect(toSalesforceUser({ Id: USER.id, Username: 'x', ProfileId: USER.profileId })).toMatchObject({ name: 'x', profileName: USER.profileId, isActive: false });
    expect(toSalesforceUser({ Id: USER.id })).toBeUndefined();
  });
});
