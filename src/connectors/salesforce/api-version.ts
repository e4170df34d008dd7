/**
 * The REST API version the connector speaks. Set explicitly: jsforce's default (50.0) predates
 * fields we rely on. Profile/permission-set access to presence statuses in the Metadata API needs
 * 64.0 (see `METADATA_API_VERSION`).
 */
export const SALESFORCE_API_VERSION = '62.0';

/** `servicePresenceStatusAccesses` on Profile and PermissionSet exists from Metadata API 64.0. */
export const METADATA_API_VERSION = '64.0';
