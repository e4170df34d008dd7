import type { Problem } from '../../domain/index.ts';
import type { SalesforceUser } from './users.ts';

/** What the org must give each agent (M1.2); the names differ per installation, so they are configured. */
export interface PrerequisiteConfig {
  /** API name (PermissionSet.Name) of the agent permission set. */
  readonly agentPermissionSetName: string;
  /** Namespace prefix of the managed package whose licence agents need. */
  readonly packageNamespace: string;
  /** Also require the Service Cloud User feature licence (UserPermissionsSupportUser); default true. */
  readonly requireServiceCloudUser?: boolean;
}

/** The org's licence for the package (PackageLicense). */
export interface PackageLicenceInfo {
  readonly namespacePrefix: string;
  readonly status: string;
  /** -1 = a site licence: every user is licensed. */
  readonly allowedLicenses: number;
  readonly expirationDate?: string | null;
}

/** What the report needs to know about one user, gathered by the client. */
export interface UserPrerequisiteFacts {
  readonly user: SalesforceUser;
  /** Names (PermissionSet.Name) of the permission sets assigned to the user (not the profile's own). */
  readonly permissionSetNames: readonly string[];
  readonly hasPackageLicenseAssignment: boolean;
  /** Presence statuses the user may use, through the profile or a permission set (18 characters). */
  readonly allowedStatusIds: readonly string[];
}

export type PrerequisiteCheckId = 'active' | 'agent_permission_set' | 'package_licence' | 'lightning' | 'service_cloud_user' | 'presence_status_access';

export interface PrerequisiteCheck {
  readonly id: PrerequisiteCheckId;
  readonly ok: boolean;
  /** Why it fails and what to do; absent when `ok`. */
  readonly problem?: Problem;
}

export interface UserPrerequisiteReport {
  readonly salesforceUserId: string;
  readonly username: string;
  /** True when every check passes: the agent can be synced. */
  readonly ok: boolean;
  readonly checks: readonly PrerequisiteCheck[];
}

/** Evaluates M1.2 for one user. Pure: the facts come from one org snapshot. */
export function evaluatePrerequisites(facts: UserPrerequisiteFacts, licence: PackageLicenceInfo | undefined, config: PrerequisiteConfig): UserPrerequisiteReport {
  const { user } = facts;
  const checks: PrerequisiteCheck[] = [];
  const check = (id: PrerequisiteCheckId, ok: boolean, code: string, message: string) =>
    checks.push(ok ? { id, ok } : { id, ok, problem: { code, message, details: { salesforceUserId: user.id, username: user.username } } });

  check('active', user.isActive, 'PSYNC_PREREQ_USER_INACTIVE', `The Salesforce user ${user.username} is inactive. Activate the user in Setup → Users.`);

  const wanted = config.agentPermissionSetName.toLowerCase();
  check(
    'agent_permission_set',
    facts.permissionSetNames.some((name) => name.toLowerCase() === wanted),
    'PSYNC_PREREQ_NO_AGENT_PERMISSION_SET',
    `The permission set "${config.agentPermissionSetName}" is not assigned to ${user.username}. Assign it in Setup → Users → ${user.name} → Permission Set Assignments.`,
  );

  const licenceProblem = packageLicenceProblem(facts, licence, config.packageNamespace);
  check('package_licence', licenceProblem === undefined, licenceProblem?.code ?? '', licenceProblem?.message ?? '');

  check(
    'lightning',
    user.profileLightningEnabled && user.lightningPreferred,
    'PSYNC_PREREQ_NO_LIGHTNING',
    user.profileLightningEnabled
      ? `${user.username} uses Salesforce Classic. The sync needs the Lightning console: switch the user to Lightning Experience.`
      : `The profile "${user.profileName}" lacks the "Lightning Experience User" permission. Grant it, so that ${user.username} can use the Lightning console with Omni-Channel.`,
  );

  if (config.requireServiceCloudUser ?? true) {
    check(
      'service_cloud_user',
      user.serviceCloudUser,
      'PSYNC_PREREQ_NO_SERVICE_CLOUD_USER',
      `${user.username} has no Service Cloud User feature licence. Tick "Service Cloud User" on the user's detail page.`,
    );
  }

  check(
    'presence_status_access',
    facts.allowedStatusIds.length > 0,
    'PSYNC_PREREQ_NO_STATUS_ACCESS',
    `${user.username} may not use any Omni-Channel presence status. Enable Service Presence Status Access on the profile "${user.profileName}" or on a permission set assigned to the user.`,
  );

  return { salesforceUserId: user.id, username: user.username, ok: checks.every((c) => c.ok), checks };
}

function packageLicenceProblem(facts: UserPrerequisiteFacts, licence: PackageLicenceInfo | undefined, namespace: string): Problem | undefined {
  if (licence === undefined) {
    return { code: 'PSYNC_PREREQ_PACKAGE_NOT_INSTALLED', message: `No package with the namespace "${namespace}" is installed in the org. Install the agent package first.` };
  }
  if (licence.status.toLowerCase() !== 'active' && licence.status.toLowerCase() !== 'trial') {
    return { code: 'PSYNC_PREREQ_PACKAGE_LICENCE_EXPIRED', message: `The org's licence for the package "${namespace}" is ${licence.status}. Renew it (Setup → Installed Packages).` };
  }
  if (licence.allowedLicenses === -1 || facts.hasPackageLicenseAssignment) return undefined;
  return {
    code: 'PSYNC_PREREQ_NO_PACKAGE_LICENCE',
    message: `${facts.user.username} has no licence for the package "${namespace}". Assign one in Setup → Installed Packages → ${namespace} → Manage Licenses.`,
  };
}
