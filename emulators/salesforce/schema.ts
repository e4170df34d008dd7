/** The sObjects the emulator serves and their fields: drives SOQL, describe, retrieve and create. */

export type FieldType =
  | 'id' | 'string' | 'boolean' | 'int' | 'double' | 'datetime' | 'date' | 'reference' | 'picklist' | 'email' | 'textarea';

export interface FieldDef {
  name: string;
  type: FieldType;
  label: string;
  /** For references: the target object and the relationship name used in SOQL paths. */
  referenceTo?: string;
  relationshipName?: string;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Required on create (not nillable, no default). */
  required?: boolean;
  length?: number;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldDef[];
}

type Opts = Partial<Omit<FieldDef, 'name' | 'type' | 'label'>> & { label?: string };

function labelOf(name: string): string {
  return name.replace(/Id$/, ' ID').replace(/([a-z])([A-Z])/g, '$1 $2');
}

function f(name: string, type: FieldType, o: Opts = {}): FieldDef {
  const writable = type !== 'id' && o.createable !== false;
  return {
    name,
    type,
    label: o.label ?? labelOf(name),
    createable: writable,
    updateable: o.updateable ?? writable,
    nillable: o.nillable ?? (type !== 'boolean' && type !== 'id'),
    ...(o.required ? { required: true } : {}),
    ...(o.referenceTo ? { referenceTo: o.referenceTo, relationshipName: o.relationshipName ?? name.replace(/Id$/, '') } : {}),
    ...(type === 'string' || type === 'email' || type === 'textarea' || type === 'picklist' ? { length: o.length ?? 255 } : {}),
  };
}

const ro: Opts = { createable: false, updateable: false };
const ref = (name: string, to: string, o: Opts = {}): FieldDef => f(name, 'reference', { referenceTo: to, ...o });

function audit(): FieldDef[] {
  return [
    f('CreatedDate', 'datetime', ro),
    ref('CreatedById', 'User', { ...ro, relationshipName: 'CreatedBy' }),
    f('LastModifiedDate', 'datetime', ro),
    ref('LastModifiedById', 'User', { ...ro, relationshipName: 'LastModifiedBy' }),
    f('SystemModstamp', 'datetime', ro),
  ];
}

function obj(name: string, keyPrefix: string, ops: { c: boolean; u: boolean; d: boolean }, fields: FieldDef[], label?: string): ObjectDef {
  const lbl = label ?? labelOf(name);
  return {
    name, label: lbl, labelPlural: `${lbl}s`, keyPrefix,
    createable: ops.c, updateable: ops.u, deletable: ops.d,
    fields: [f('Id', 'id', { label: `${lbl} ID` }), ...fields, ...audit()],
  };
}

const readOnly = { c: false, u: false, d: false };

export const OBJECTS: ObjectDef[] = [
  obj('Organization', '00D', readOnly, [
    f('Name', 'string', ro), f('IsSandbox', 'boolean', ro), f('InstanceName', 'string', ro),
    f('OrganizationType', 'picklist', ro), f('NamespacePrefix', 'string', ro), f('TrialExpirationDate', 'datetime', ro),
    f('LanguageLocaleKey', 'picklist', ro), f('TimeZoneSidKey', 'picklist', ro), f('DefaultLocaleSidKey', 'picklist', ro),
  ]),
  obj('User', '005', { c: true, u: true, d: false }, [
    f('Username', 'string', { required: true, nillable: false }), f('Email', 'email', { required: true, nillable: false }),
    f('FirstName', 'string'), f('LastName', 'string', { required: true, nillable: false }), f('Name', 'string', ro),
    f('Alias', 'string'), f('IsActive', 'boolean'), ref('ProfileId', 'Profile', { required: true, nillable: false }),
    f('FederationIdentifier', 'string'), f('UserType', 'picklist', ro), f('TimeZoneSidKey', 'picklist'),
    f('LanguageLocaleKey', 'picklist'), f('UserPermissionsSupportUser', 'boolean'),
    f('UserPreferencesLightningExperiencePreferred', 'boolean'), f('LastLoginDate', 'datetime', ro),
  ]),
  obj('Profile', '00e', readOnly, [
    f('Name', 'string', ro), f('Description', 'string', ro), f('UserType', 'picklist', ro),
    f('PermissionsApiEnabled', 'boolean', ro), f('PermissionsLightningExperienceUser', 'boolean', ro),
  ]),
  obj('PermissionSet', '0PS', { c: true, u: true, d: true }, [
    f('Name', 'string', { required: true, nillable: false }), f('Label', 'string', { required: true, nillable: false }),
    f('Description', 'string'), f('IsOwnedByProfile', 'boolean', ro), ref('ProfileId', 'Profile', ro),
    f('NamespacePrefix', 'string', ro), f('Type', 'picklist', ro),
  ], 'Permission Set'),
  obj('PermissionSetAssignment', '0Pa', { c: true, u: false, d: true }, [
    ref('AssigneeId', 'User', { required: true, nillable: false, updateable: false }),
    ref('PermissionSetId', 'PermissionSet', { required: true, nillable: false, updateable: false }),
    f('IsActive', 'boolean', ro),
  ]),
  obj('PackageLicense', '050', readOnly, [
    f('NamespacePrefix', 'string', ro), f('Status', 'picklist', ro), f('AllowedLicenses', 'int', ro),
    f('UsedLicenses', 'int', ro), f('ExpirationDate', 'datetime', ro), f('IsProvisioned', 'boolean', ro),
  ]),
  obj('UserPackageLicense', '051', { c: true, u: false, d: true }, [
    ref('PackageLicenseId', 'PackageLicense', { required: true, nillable: false, updateable: false }),
    ref('UserId', 'User', { required: true, nillable: false, updateable: false }),
  ]),
  obj('ServiceChannel', '0N1', readOnly, [
    f('DeveloperName', 'string', ro), f('MasterLabel', 'string', ro), f('RelatedEntity', 'picklist', ro),
    f('Language', 'picklist', ro),
  ]),
  obj('ServicePresenceStatus', '0N5', { c: true, u: true, d: false }, [
    f('DeveloperName', 'string', { required: true, nillable: false, length: 80 }),
    f('MasterLabel', 'string', { required: true, nillable: false, length: 80 }),
    f('Language', 'picklist'),
  ]),
  obj('ServiceChannelStatus', '0N3', { c: true, u: true, d: true }, [
    ref('ServiceChannelId', 'ServiceChannel', { required: true, nillable: false }),
    ref('ServicePresenceStatusId', 'ServicePresenceStatus', { required: true, nillable: false }),
  ]),
  obj('UserServicePresence', '0Hn', { c: false, u: false, d: true }, [
    f('Name', 'string', ro), ref('UserId', 'User', ro), ref('OwnerId', 'User', { ...ro, relationshipName: 'Owner' }),
    ref('ServicePresenceStatusId', 'ServicePresenceStatus', ro), f('IsCurrentState', 'boolean', ro),
    f('IsAway', 'boolean', ro), f('StatusStartDate', 'datetime', ro), f('StatusEndDate', 'datetime', ro),
    f('StatusDuration', 'int', ro), f('AtCapacityDuration', 'int', ro), f('IdleDuration', 'int', ro),
    f('AverageCapacity', 'double', ro), f('ConfiguredCapacity', 'int', ro), f('IsDeleted', 'boolean', ro),
  ]),
  obj('SetupEntityAccess', '0J0', { c: true, u: false, d: true }, [
    ref('ParentId', 'PermissionSet', { required: true, nillable: false, updateable: false, relationshipName: 'Parent' }),
    f('SetupEntityId', 'reference', { required: true, nillable: false, updateable: false }),
    f('SetupEntityType', 'picklist', ro),
  ]),
];

/** The objects that exist only while Omni-Channel is enabled in the org. */
export const OMNI_OBJECTS: ReadonlySet<string> = new Set(['ServiceChannel', 'ServicePresenceStatus', 'ServiceChannelStatus', 'UserServicePresence']);

const BY_NAME = new Map(OBJECTS.map((o) => [o.name.toLowerCase(), o]));

export function objectDef(name: string): ObjectDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function fieldDef(o: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return o.fields.find((fd) => fd.name.toLowerCase() === lower);
}

export function relationshipDef(o: ObjectDef, relName: string): FieldDef | undefined {
  const lower = relName.toLowerCase();
  return o.fields.find((fd) => fd.relationshipName?.toLowerCase() === lower);
}

export function objectByKeyPrefix(id: string): ObjectDef | undefined {
  const prefix = id.slice(0, 3);
  return OBJECTS.find((o) => o.keyPrefix === prefix);
}
