import type { Connection } from 'jsforce';
import { developerNameFromLabel, validateDeveloperName } from '../../domain/index.ts';
import { METADATA_API_VERSION } from './api-version.ts';
import { failure, type SalesforceFailure } from './failure.ts';
import { queryMany } from './queries.ts';
import { text } from './records.ts';
import type { SalesforceSession } from './session.ts';
import { CHANNELS_SOQL, toChannels } from './statuses.ts';

/** A status the administrator wants: Online with these service channels, or Busy without. */
export interface StatusRequest {
  readonly label: string;
  /** Default: from the label by the domain rule ("Available for Chats" → `Available_for_Chats`). */
  readonly developerName?: string;
  /** Developer names of service channels; none = a Busy status. */
  readonly channels?: readonly string[];
}

/** Statuses (developer names) that profiles (Profile.Name) and permission sets (PermissionSet.Name) may use. */
export interface AccessGrant {
  readonly statuses: readonly string[];
  readonly profiles?: readonly string[];
  readonly permissionSets?: readonly string[];
}

export interface ProvisioningRequest {
  readonly statuses?: readonly StatusRequest[];
  readonly access?: readonly AccessGrant[];
}

export interface ProvisioningItem {
  readonly kind: 'status' | 'profile_access' | 'permission_set_access';
  /** Developer name of the status, or the profile / permission set name. */
  readonly name: string;
  readonly outcome: 'created' | 'exists' | 'granted' | 'failed';
  readonly problem?: SalesforceFailure;
}

export interface ProvisioningReport {
  readonly items: readonly ProvisioningItem[];
  readonly apiCalls: number;
}

/** The Metadata API takes at most ten components per create or update. */
const METADATA_BATCH = 10;

/**
 * Standard profiles have other Metadata API names than their labels; custom profiles use their name.
 * (Salesforce's own mapping, e.g. System Administrator is `Admin`.)
 */
const STANDARD_PROFILE_FULL_NAMES: Readonly<Record<string, string>> = {
  'system administrator': 'Admin',
  'standard user': 'Standard',
  'read only': 'ReadOnly',
  'solution manager': 'SolutionManager',
  'marketing user': 'MarketingProfile',
  'contract manager': 'ContractManager',
};

export function profileMetadataName(profileName: string): string {
  return STANDARD_PROFILE_FULL_NAMES[profileName.trim().toLowerCase()] ?? profileName.trim();
}

/**
 * M2.4: creates the missing presence statuses and grants status access to profiles and permission
 * sets, through the Metadata API (ServicePresenceStatus; `servicePresenceStatusAccesses` on
 * Profile and PermissionSet, API 64.0+). Existing statuses are left alone. Costs one call to read
 * the existing statuses and channels, plus one per ten statuses and one per ten profiles or sets.
 */
export async function provision(session: SalesforceSession, request: ProvisioningRequest): Promise<ProvisioningReport> {
  const callsBefore = session.apiCalls;
  const items: ProvisioningItem[] = [];
  const wanted = (request.statuses ?? []).map((s) => ({ request: s, name: developerNameOf(s) }));
  for (const w of wanted) if (!w.name.ok) items.push({ kind: 'status', name: w.request.label, outcome: 'failed', problem: w.name.problem });

  const valid = wanted.filter((w): w is { request: StatusRequest; name: { ok: true; value: string } } => w.name.ok);
  if (valid.length > 0) {
    const [statusRows, channelRows] = await session.run((connection) => queryMany(connection, ['SELECT DeveloperName FROM ServicePresenceStatus', CHANNELS_SOQL]));
    const existing = new Set((statusRows ?? []).map((r) => text(r, 'DeveloperName')?.toLowerCase()));
    const channels = toChannels(channelRows ?? []);
    const known = new Map(channels.map((c) => [c.developerName.toLowerCase(), c.developerName]));
    const toCreate: { fullName: string; label: string; channels?: { channel: string[] } }[] = [];
    for (const { request: status, name } of valid) {
      if (existing.has(name.value.toLowerCase())) {
        items.push({ kind: 'status', name: name.value, outcome: 'exists' });
        continue;
      }
      const unknown = (status.channels ?? []).filter((c) => !known.has(c.toLowerCase()));
      if (unknown.length > 0) {
        const problem = failure('PSYNC_SF_CHANNEL_UNKNOWN', 'invalid', `The org has no service channel ${unknown.join(', ')}. Choose from: ${channels.map((c) => c.developerName).join(', ') || '(none; create one in Setup → Service Channels)'}.`);
        items.push({ kind: 'status', name: name.value, outcome: 'failed', problem });
        continue;
      }
      const channelNames = (status.channels ?? []).map((c) => known.get(c.toLowerCase()) as string);
      toCreate.push({ fullName: name.value, label: status.label, ...(channelNames.length > 0 ? { channels: { channel: channelNames } } : {}) });
    }
    for (const batch of chunks(toCreate, METADATA_BATCH)) {
      const results = await session.run((connection) => metadataCall(connection, 'create', 'ServicePresenceStatus', batch), METADATA_API_VERSION);
      batch.forEach((component, i) => items.push(saveItem('status', component.fullName, results[i], 'created')));
    }
  }

  for (const grant of request.access ?? []) {
    const accesses = grant.statuses.map((servicePresenceStatus) => ({ enabled: true, servicePresenceStatus }));
    const holders = [
      ...(grant.profiles ?? []).map((name) => ({ kind: 'profile_access' as const, type: 'Profile', name, fullName: profileMetadataName(name) })),
      ...(grant.permissionSets ?? []).map((name) => ({ kind: 'permission_set_access' as const, type: 'PermissionSet', name, fullName: name })),
    ];
    for (const type of ['Profile', 'PermissionSet']) {
      for (const batch of chunks(holders.filter((h) => h.type === type), METADATA_BATCH)) {
        const components = batch.map((h) => ({ fullName: h.fullName, servicePresenceStatusAccesses: accesses }));
        const results = await session.run((connection) => metadataCall(connection, 'update', type, components), METADATA_API_VERSION);
        batch.forEach((holder, i) => items.push(saveItem(holder.kind, holder.name, results[i], 'granted')));
      }
    }
  }
  return { items, apiCalls: session.apiCalls - callsBefore };
}

function developerNameOf(status: StatusRequest): { ok: true; value: string } | { ok: false; problem: SalesforceFailure } {
  const derived = status.developerName === undefined ? developerNameFromLabel(status.label) : validateDeveloperName(status.developerName);
  if (derived.ok) return { ok: true, value: derived.value };
  const first = derived.problems[0];
  return { ok: false, problem: failure(first?.code ?? 'PSYNC_DEVNAME_INVALID', 'invalid', first?.message ?? 'Invalid developer name.', { details: { label: status.label } }) };
}

interface SaveResult {
  readonly success?: boolean | string;
  readonly errors?: { readonly statusCode?: string; readonly message?: string } | readonly { readonly statusCode?: string; readonly message?: string }[];
}

async function metadataCall(connection: Connection, operation: 'create' | 'update', type: string, components: readonly object[]): Promise<SaveResult[]> {
  // jsforce's metadata types come from a 2019 WSDL without servicePresenceStatusAccesses; the XML it sends is generic.
  const api = connection.metadata as unknown as Record<'create' | 'update', (type: string, metadata: readonly object[]) => Promise<SaveResult[]>>;
  return api[operation](type, components);
}

function saveItem(kind: ProvisioningItem['kind'], name: string, result: SaveResult | undefined, success: 'created' | 'granted'): ProvisioningItem {
  if (result?.success === true || result?.success === 'true') return { kind, name, outcome: success };
  const errors = result?.errors === undefined ? [] : Array.isArray(result.errors) ? result.errors : [result.errors as { statusCode?: string; message?: string }];
  const first = errors[0];
  const statusCode = first?.statusCode ?? 'UNKNOWN';
  const classified = statusCode.startsWith('DUPLICATE') ? 'conflict' : statusCode === 'INVALID_CROSS_REFERENCE_KEY' ? 'not_found' : 'invalid';
  const problem = failure('PSYNC_SF_PROVISIONING_REFUSED', classified, `Salesforce refused to ${success === 'created' ? 'create the status' : 'grant access on'} ${name}: ${first?.message ?? statusCode}.`, {
    upstream: { error: statusCode, ...(first?.message !== undefined ? { description: first.message } : {}) },
  });
  return { kind, name, outcome: 'failed', problem };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
