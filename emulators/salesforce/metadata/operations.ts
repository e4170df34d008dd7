import type { OrgState } from '../org-state.ts';
import { addStatus, grantStatusAccess, setStatusChannels, statusByDeveloperName } from '../seed.ts';
import { formatDateTime } from '../soql/execute.ts';
import { child, children, textOf, xsiType, type XmlElement, type XmlNode, type XmlValue } from './xml.ts';

/** Thrown for requests Salesforce answers with a SOAP fault rather than a per-item error. */
export class SoapFault extends Error {
  constructor(readonly faultcode: string, message: string) {
    super(message);
  }
}

interface ItemError {
  statusCode: string;
  message: string;
}

const DEVELOPER_NAME = /^[A-Za-z](?!.*__)[A-Za-z0-9_]*(?<!_)$/;
const ACCESS_MIN_VERSION = 64;
const MAX_ITEMS = 10;

function saveResult(fullName: string, error?: ItemError, created?: boolean): XmlNode {
  return {
    ...(error ? { errors: { message: error.message, statusCode: error.statusCode } } : {}),
    fullName,
    success: !error,
    ...(created !== undefined ? { created: created && !error } : {}),
  };
}

function statusChannels(org: OrgState, statusId: string): string[] {
  return org.all('ServiceChannelStatus', false)
    .filter((r) => r.ServicePresenceStatusId === statusId)
    .map((r) => String(org.byId('ServiceChannel', String(r.ServiceChannelId))?.DeveloperName));
}

function profileByFullName(org: OrgState, fullName: string): string | undefined {
  for (const [id, name] of org.profileFullNames) if (name.toLowerCase() === decodeURIComponent(fullName).toLowerCase()) return id;
  return undefined;
}

function permSetHolder(org: OrgState, type: string, fullName: string): string | undefined {
  if (type === 'Profile') {
    const profileId = profileByFullName(org, fullName);
    return profileId ? org.profilePermissionSetId(profileId) : undefined;
  }
  return org.find('PermissionSet', (p) => p.IsOwnedByProfile !== true && String(p.Name).toLowerCase() === fullName.toLowerCase())?.Id as string | undefined;
}

function accessEntries(org: OrgState, permSetId: string): XmlNode[] {
  return org.all('SetupEntityAccess', false)
    .filter((r) => r.ParentId === permSetId && r.SetupEntityType === 'ServicePresenceStatus')
    .map((r) => String(org.byId('ServicePresenceStatus', String(r.SetupEntityId))?.DeveloperName))
    .sort()
    .map((name) => ({ enabled: true, servicePresenceStatus: name }));
}

function checkAccessAllowed(el: XmlElement, version: number, type: string): void {
  if (children(el, 'servicePresenceStatusAccesses').length > 0 && version < ACCESS_MIN_VERSION) {
    throw new SoapFault('soapenv:Client', `Element {http://soap.sforce.com/2006/04/metadata}servicePresenceStatusAccesses invalid at this location in type ${type}`);
  }
}

function writeStatus(org: OrgState, el: XmlElement, mode: 'create' | 'update' | 'upsert', actorId: string): XmlNode {
  const fullName = textOf(el, 'fullName') ?? '';
  const label = textOf(el, 'label');
  const channels = children(child(el, 'channels'), 'channel').map((c) => c.text.trim());
  if (!DEVELOPER_NAME.test(fullName)) {
    return saveResult(fullName, { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'The Developer Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.' });
  }
  if (!label) return saveResult(fullName, { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required field is missing: label' });
  const missingChannel = channels.find((c) => !org.find('ServiceChannel', (r) => String(r.DeveloperName).toLowerCase() === c.toLowerCase()));
  if (missingChannel) return saveResult(fullName, { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: `In field: channel - no ServiceChannel named ${missingChannel} found` });
  const existing = statusByDeveloperName(org, fullName);
  if (mode === 'create' && existing) return saveResult(fullName, { statusCode: 'DUPLICATE_DEVELOPER_NAME', message: `There is already a ServicePresenceStatus named ${fullName}.` });
  if (mode === 'update' && !existing) return saveResult(fullName, { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `In field: fullName - no ServicePresenceStatus named ${fullName} found` });
  if (existing) {
    org.update('ServicePresenceStatus', existing, { MasterLabel: label }, actorId);
    setStatusChannels(org, existing, channels);
  } else addStatus(org, { developerName: fullName, label, channels }, actorId);
  return saveResult(fullName, undefined, mode === 'upsert' ? !existing : undefined);
}

/** Profile / PermissionSet updates merge the listed servicePresenceStatusAccesses; other settings are accepted and ignored. */
function writeAccess(org: OrgState, type: string, el: XmlElement, version: number, mode: 'create' | 'update' | 'upsert'): XmlNode {
  const fullName = textOf(el, 'fullName') ?? '';
  checkAccessAllowed(el, version, type);
  const holder = permSetHolder(org, type, fullName);
  if (!holder) {
    if (mode === 'update' || type === 'Profile') return saveResult(fullName, { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `In field: fullName - no ${type} named ${fullName} found` });
    return saveResult(fullName, { statusCode: 'UNKNOWN_EXCEPTION', message: 'Creating permission sets through the emulated Metadata API is not supported; use the REST API.' });
  }
  if (mode === 'create') return saveResult(fullName, { statusCode: 'DUPLICATE_DEVELOPER_NAME', message: `There is already a ${type} named ${fullName}.` });
  const entries = children(el, 'servicePresenceStatusAccesses').map((a) => ({ name: textOf(a, 'servicePresenceStatus') ?? '', enabled: textOf(a, 'enabled') === 'true' }));
  const missing = entries.find((e) => !statusByDeveloperName(org, e.name));
  if (missing) return saveResult(fullName, { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `In field: servicePresenceStatus - no ServicePresenceStatus named ${missing.name} found` });
  for (const e of entries) grantStatusAccess(org, holder, [e.name], e.enabled);
  return saveResult(fullName, undefined, mode === 'upsert' ? false : undefined);
}

function write(org: OrgState, body: XmlElement, mode: 'create' | 'update' | 'upsert', version: number, actorId: string): XmlValue[] {
  const items = children(body, 'metadata');
  if (items.length > MAX_ITEMS) throw new SoapFault('sf:LIMIT_EXCEEDED', `LIMIT_EXCEEDED: Too many records: ${items.length}; the limit is ${MAX_ITEMS}`);
  return items.map((el) => {
    const type = xsiType(el) ?? '';
    const fullName = textOf(el, 'fullName') ?? '';
    if (type === 'ServicePresenceStatus') {
      if (!org.settings.omniChannelEnabled) return saveResult(fullName, { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Omni-Channel is not enabled in this organization.' });
      return writeStatus(org, el, mode, actorId);
    }
    if (type === 'Profile' || type === 'PermissionSet') return writeAccess(org, type, el, version, mode);
    return saveResult(fullName, { statusCode: 'INVALID_TYPE', message: `The emulator does not support metadata type ${type || '(none)'}` });
  });
}

function read(org: OrgState, body: XmlElement, version: number): XmlNode {
  const type = textOf(body, 'type') ?? '';
  const names = children(body, 'fullNames').map((n) => n.text.trim());
  const records: XmlValue[] = names.map((name) => {
    if (type === 'ServicePresenceStatus') {
      const id = statusByDeveloperName(org, name);
      const rec = id ? org.byId('ServicePresenceStatus', id) : undefined;
      if (!id || !rec) return { '@xsi:type': type };
      const channels = statusChannels(org, id);
      return {
        '@xsi:type': type, fullName: String(rec.DeveloperName),
        ...(channels.length > 0 ? { channels: { channel: channels } } : {}),
        label: String(rec.MasterLabel),
      };
    }
    if (type === 'Profile' || type === 'PermissionSet') {
      const holder = permSetHolder(org, type, name);
      if (!holder) return { '@xsi:type': type };
      const ps = org.byId('PermissionSet', holder);
      const access = version >= ACCESS_MIN_VERSION ? accessEntries(org, holder) : [];
      return type === 'Profile'
        ? { '@xsi:type': type, fullName: name, custom: !['Admin', 'Standard'].includes(name), ...(access.length > 0 ? { servicePresenceStatusAccesses: access } : {}) }
        : { '@xsi:type': type, fullName: name, hasActivationRequired: false, label: String(ps?.Label), ...(access.length > 0 ? { servicePresenceStatusAccesses: access } : {}) };
    }
    throw new SoapFault('sf:INVALID_TYPE', `INVALID_TYPE: The emulator does not support metadata type ${type}`);
  });
  return { records };
}

function list(org: OrgState, body: XmlElement): XmlValue[] {
  const types = children(body, 'queries').map((q) => textOf(q, 'type'));
  if (!types.includes('ServicePresenceStatus')) return [];
  return org.all('ServicePresenceStatus', false).map((r) => ({
    createdById: String(r.CreatedById ?? ''), createdByName: 'User', createdDate: formatDateTime(Number(r.CreatedDate)),
    fileName: `servicePresenceStatuses/${String(r.DeveloperName)}.servicePresenceStatus`, fullName: String(r.DeveloperName),
    id: String(r.Id), lastModifiedById: String(r.LastModifiedById ?? ''), lastModifiedByName: 'User',
    lastModifiedDate: formatDateTime(Number(r.LastModifiedDate)), manageableState: 'unmanaged', type: 'ServicePresenceStatus',
  }));
}

/** Runs one Metadata API operation; returns the value of its <result> element(s). */
export function runOperation(org: OrgState, operation: XmlElement, version: number, actorId: string): XmlValue {
  switch (operation.name) {
    case 'createMetadata': return write(org, operation, 'create', version, actorId);
    case 'updateMetadata': return write(org, operation, 'update', version, actorId);
    case 'upsertMetadata': return write(org, operation, 'upsert', version, actorId);
    case 'readMetadata': return read(org, operation, version);
    case 'listMetadata': return list(org, operation);
    default:
      throw new SoapFault('soapenv:Client', `No operation available for request {http://soap.sforce.com/2006/04/metadata}${operation.name}, please check the WSDL for the service.`);
  }
}
