export { createSalesforceEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from './server.ts';
export { EmulatorControl, type ApiUsage, type LoginUrls, type SeededOrg } from './control/control.ts';
export type { FaultAction, FaultRule, FaultRuleInput } from './control/faults.ts';
export type { PresenceChange } from './control/presence.ts';
export type { LoggedRequest, RequestFilter } from './control/request-log.ts';
export type { ConnectedApp, Edition, IpRange, OrgSettings, Platform } from './org-state.ts';
export type {
  ChannelSeed, ConnectedAppSeed, OrgSeed, PackageLicenseSeed, PermissionSetSeed, ProfileSeed, StatusSeed, UserSeed,
} from './seed.ts';
export { to18, normaliseId, KEY_PREFIX } from './ids.ts';
