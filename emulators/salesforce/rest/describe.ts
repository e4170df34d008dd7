import { OBJECTS, type FieldDef, type ObjectDef } from '../schema.ts';

const SOAP_TYPE: Record<FieldDef['type'], string> = {
  id: 'tns:ID', reference: 'tns:ID', string: 'xsd:string', email: 'xsd:string', picklist: 'xsd:string', textarea: 'xsd:string',
  boolean: 'xsd:boolean', int: 'xsd:int', double: 'xsd:double', datetime: 'xsd:dateTime', date: 'xsd:date',
};

function objectUrls(o: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** One entry of the global describe (GET /sobjects). */
export function globalEntry(o: ObjectDef, version: string): Record<string, unknown> {
  return {
    activateable: false, createable: o.createable, custom: false, customSetting: false, deletable: o.deletable,
    deprecatedAndHidden: false, feedEnabled: false, hasSubtypes: false, isSubtype: false, keyPrefix: o.keyPrefix,
    label: o.label, labelPlural: o.labelPlural, layoutable: false, mergeable: false, mruEnabled: false, name: o.name,
    queryable: true, replicateable: true, retrieveable: true, searchable: false, triggerable: o.name !== 'UserServicePresence',
    undeletable: o.name === 'UserServicePresence', updateable: o.updateable, urls: objectUrls(o, version),
  };
}

function fieldDescribe(fd: FieldDef): Record<string, unknown> {
  const isRef = fd.type === 'reference' || fd.type === 'id';
  const isText = fd.length !== undefined;
  return {
    aggregatable: fd.type !== 'textarea', autoNumber: false, byteLength: isText ? (fd.length ?? 0) * 3 : isRef ? 18 : 0,
    calculated: false, caseSensitive: false, createable: fd.createable, custom: false,
    defaultValue: fd.type === 'boolean' ? false : null, defaultedOnCreate: fd.type === 'boolean' || fd.type === 'id',
    deprecatedAndHidden: false, externalId: false, filterable: true, groupable: fd.type !== 'double' && fd.type !== 'datetime',
    idLookup: fd.type === 'id', label: fd.label, length: isText ? (fd.length ?? 0) : isRef ? 18 : 0, name: fd.name,
    nameField: fd.name === 'Name' || fd.name === 'DeveloperName', nillable: fd.nillable, picklistValues: [],
    precision: 0, referenceTo: fd.referenceTo ? [fd.referenceTo] : [], relationshipName: fd.relationshipName ?? null,
    scale: 0, soapType: SOAP_TYPE[fd.type], sortable: true, type: fd.type, unique: false, updateable: fd.updateable,
  };
}

/** GET /sobjects/<Type>/describe: minimal but correctly shaped. */
export function describeObject(o: ObjectDef, version: string): Record<string, unknown> {
  const childRelationships = OBJECTS.flatMap((child) =>
    child.fields.filter((fd) => fd.referenceTo === o.name).map((fd) => ({
      cascadeDelete: false, childSObject: child.name, deprecatedAndHidden: false, field: fd.name,
      junctionIdListNames: [], junctionReferenceTo: [], relationshipName: null, restrictedDelete: false,
    })));
  return {
    ...globalEntry(o, version),
    actionOverrides: [], childRelationships, compactLayoutable: false, fields: o.fields.map(fieldDescribe),
    listviewable: null, lookupLayoutable: null, namedLayoutInfos: [], networkScopeFieldName: null, recordTypeInfos: [],
    searchLayoutable: false, supportedScopes: [{ label: 'All', name: 'everything' }],
  };
}
