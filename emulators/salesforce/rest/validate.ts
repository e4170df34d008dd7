import { normaliseId, randomToken } from '../ids.ts';
import type { OrgState } from '../org-state.ts';
import { fieldDef, objectByKeyPrefix, objectDef, type FieldDef, type ObjectDef } from '../schema.ts';
import type { FieldValue, Rec } from '../soql/execute.ts';

export interface WriteError {
  status?: number;
  errorCode: string;
  message: string;
  fields?: string[];
}

export interface WriteOk {
  fields: Rec;
  /** Side effects once the record has its ID (licence counters, user secrets). */
  after?: (id: string) => void;
}

const DEVELOPER_NAME = /^[A-Za-z](?!.*__)[A-Za-z0-9_]*(?<!_)$/;
const DEVELOPER_NAME_RULE = 'The Developer Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.';

function err(errorCode: string, message: string, fields?: string[]): WriteError {
  return { errorCode, message, ...(fields ? { fields } : {}) };
}

function coerceValue(org: OrgState, fd: FieldDef, raw: unknown): FieldValue | WriteError {
  if (raw === null) return null;
  const parseError = (): WriteError => err('JSON_PARSER_ERROR', `Cannot deserialize instance of ${fd.type} from ${typeof raw === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${String(raw)} or request may be missing a required field`);
  switch (fd.type) {
    case 'boolean':
      return typeof raw === 'boolean' ? raw : parseError();
    case 'int':
    case 'double':
      return typeof raw === 'number' ? raw : parseError();
    case 'datetime': {
      const ms = typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      return Number.isNaN(ms) ? parseError() : ms;
    }
    case 'reference':
    case 'id': {
      if (typeof raw !== 'string') return parseError();
      const id = normaliseId(raw);
      if (!id) return err('MALFORMED_ID', `${fd.label}: id value of incorrect type: ${raw}`, [fd.name]);
      const target = fd.referenceTo ? objectDef(fd.referenceTo) : objectByKeyPrefix(id);
      if (!target || !org.byId(target.name, id)) return err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [fd.name]);
      return id;
    }
    default:
      if (typeof raw !== 'string') return parseError();
      if (fd.length !== undefined && raw.length > fd.length) return err('STRING_TOO_LONG', `${fd.label}: data value too large: ${raw} (max length=${fd.length})`, [fd.name]);
      return raw;
  }
}

function duplicate(existingId: unknown, field = '<unknown>'): WriteError {
  return err('DUPLICATE_VALUE', `duplicate value found: ${field} duplicates value on record with id: ${String(existingId)}`);
}

interface RuleOutcome {
  /** Fields Salesforce computes on save (User.Name, SetupEntityAccess.SetupEntityType). */
  derived?: Rec;
  after?: WriteOk['after'];
}

/** Rules Salesforce enforces per object beyond field types. */
function objectRules(org: OrgState, o: ObjectDef, rec: Rec, selfId: unknown): WriteError | RuleOutcome {
  const others = (pred: (r: Rec) => boolean): Rec | undefined => org.find(o.name, (r) => r.Id !== selfId && pred(r));
  const same = (a: unknown, b: unknown): boolean => String(a).toLowerCase() === String(b).toLowerCase();
  switch (o.name) {
    case 'ServicePresenceStatus': {
      if (!DEVELOPER_NAME.test(String(rec.DeveloperName))) return err('FIELD_INTEGRITY_EXCEPTION', DEVELOPER_NAME_RULE, ['DeveloperName']);
      const dup = others((r) => same(r.DeveloperName, rec.DeveloperName));
      return dup ? duplicate(dup.Id, 'DeveloperName') : {};
    }
    case 'PermissionSet': {
      if (!DEVELOPER_NAME.test(String(rec.Name))) return err('FIELD_INTEGRITY_EXCEPTION', DEVELOPER_NAME_RULE, ['Name']);
      const dup = others((r) => same(r.Name, rec.Name));
      return dup ? err('DUPLICATE_DEVELOPER_NAME', 'This API name is already in use by another permission set.', ['Name']) : {};
    }
    case 'PermissionSetAssignment': {
      const dup = others((r) => r.AssigneeId === rec.AssigneeId && r.PermissionSetId === rec.PermissionSetId);
      return dup ? duplicate(dup.Id) : {};
    }
    case 'ServiceChannelStatus': {
      const dup = others((r) => r.ServiceChannelId === rec.ServiceChannelId && r.ServicePresenceStatusId === rec.ServicePresenceStatusId);
      return dup ? duplicate(dup.Id) : {};
    }
    case 'SetupEntityAccess': {
      const dup = others((r) => r.ParentId === rec.ParentId && r.SetupEntityId === rec.SetupEntityId);
      if (dup) return duplicate(dup.Id);
      return { derived: { SetupEntityType: objectByKeyPrefix(String(rec.SetupEntityId))?.name ?? null } };
    }
    case 'UserPackageLicense': {
      const dup = others((r) => r.UserId === rec.UserId && r.PackageLicenseId === rec.PackageLicenseId);
      if (dup) return duplicate(dup.Id);
      return {
        after: () => {
          const pl = org.byId('PackageLicense', String(rec.PackageLicenseId));
          if (pl) pl.UsedLicenses = Number(pl.UsedLicenses) + 1;
        },
      };
    }
    case 'User': {
      if (others((r) => same(r.Username, rec.Username))) {
        return err('DUPLICATE_USERNAME', 'Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn\'t need to match the user\'s email address).', ['Username']);
      }
      return {
        derived: { Name: rec.FirstName ? `${String(rec.FirstName)} ${String(rec.LastName)}` : rec.LastName ?? null },
        after: (id: string) => {
          if (!org.secrets.has(id)) org.secrets.set(id, { password: randomToken(16), securityToken: randomToken(25) });
        },
      };
    }
    default:
      return {};
  }
}

/** Checks a create or update body the way the REST API does and returns the fields to store. */
export function validateWrite(org: OrgState, o: ObjectDef, body: Record<string, unknown>, mode: 'create' | 'update', existing?: Rec): WriteOk | WriteError {
  if (mode === 'create' && !o.createable) return err('INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${o.label}`);
  if (mode === 'update' && !o.updateable) return err('INVALID_TYPE_FOR_OPERATION', `entity type cannot be updated: ${o.label}`);
  const fields: Rec = {};
  for (const [key, raw] of Object.entries(body)) {
    if (key === 'attributes' || (mode === 'update' && key.toLowerCase() === 'id')) continue;
    const fd = fieldDef(o, key);
    if (!fd) return err('INVALID_FIELD', `No such column '${key}' on sobject of type ${o.name}`);
    if (mode === 'create' ? !fd.createable : !fd.updateable) {
      return err('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${fd.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [fd.name]);
    }
    const v = coerceValue(org, fd, raw);
    if (v !== null && typeof v === 'object') return v;
    fields[fd.name] = v;
  }
  if (mode === 'create') {
    const missing = o.fields.filter((fd) => fd.required && (fields[fd.name] === undefined || fields[fd.name] === null)).map((fd) => fd.name);
    if (missing.length > 0) return err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    if (o.name === 'User' && fields.IsActive === undefined) fields.IsActive = true;
    if (o.name === 'PermissionSet') Object.assign(fields, { IsOwnedByProfile: false, Type: 'Regular' });
    if (o.name === 'PermissionSetAssignment') fields.IsActive = true;
    if (o.name === 'User') fields.UserType = 'Standard';
  } else {
    for (const fd of o.fields) if (fd.required && fd.name in fields && fields[fd.name] === null) return err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fd.name}]`, [fd.name]);
  }
  const outcome = objectRules(org, o, { ...(existing ?? {}), ...fields }, existing?.Id);
  if ('errorCode' in outcome) return outcome;
  return { fields: { ...fields, ...outcome.derived }, ...(outcome.after ? { after: outcome.after } : {}) };
}
