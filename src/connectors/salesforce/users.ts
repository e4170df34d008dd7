import { flag, id18, parent, text, type SalesforceRecord } from './records.ts';

/** A Salesforce user as the hub keeps it (M1.2, linking). */
export interface SalesforceUser {
  /** 18 characters. */
  readonly id: string;
  readonly username: string;
  readonly email?: string;
  readonly name: string;
  readonly federationIdentifier?: string;
  readonly isActive: boolean;
  readonly profileId: string;
  readonly profileName: string;
  /** The profile grants "Lightning Experience User". */
  readonly profileLightningEnabled: boolean;
  /** The user works in Lightning Experience (not Classic). */
  readonly lightningPreferred: boolean;
  /** Service Cloud User feature licence. */
  readonly serviceCloudUser: boolean;
}

/** Internal users only (no portal, guest or automated users). */
export const USERS_SOQL =
  'SELECT Id, Username, Email, Name, FederationIdentifier, IsActive, ProfileId, Profile.Name, Profile.PermissionsLightningExperienceUser, ' +
  "UserPermissionsSupportUser, UserPreferencesLightningExperiencePreferred FROM User WHERE UserType = 'Standard' ORDER BY Username";

export function toSalesforceUser(row: SalesforceRecord): SalesforceUser | undefined {
  const id = id18(row, 'Id');
  const username = text(row, 'Username');
  const profileId = id18(row, 'ProfileId');
  if (id === undefined || username === undefined || profileId === undefined) return undefined;
  const profile = parent(row, 'Profile');
  const email = text(row, 'Email');
  const federationIdentifier = text(row, 'FederationIdentifier');
  return {
    id,
    username,
    ...(email !== undefined ? { email } : {}),
    name: text(row, 'Name') ?? username,
    ...(federationIdentifier !== undefined ? { federationIdentifier } : {}),
    isActive: flag(row, 'IsActive'),
    profileId,
    profileName: text(profile, 'Name') ?? profileId,
    profileLightningEnabled: flag(profile, 'PermissionsLightningExperienceUser'),
    lightningPreferred: flag(row, 'UserPreferencesLightningExperiencePreferred'),
    serviceCloudUser: flag(row, 'UserPermissionsSupportUser'),
  };
}
