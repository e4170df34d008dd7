import { z } from 'zod';

/** The permissions the brief names and the ones it implies; each allows exactly what its name says. */
export const PERMISSIONS = [
  'adapter_admin',
  'account_mapping_create',
  'account_mapping_edit',
  'account_mapping_view',
  'rule_create',
  'rule_edit',
  'rule_assign',
  'rule_view',
  'audit_view',
  'user_admin',
  'health_view',
  'alert_admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const permissionSchema = z.enum(PERMISSIONS).describe('A permission: Adapter Admin, Account Mapping Create / Edit / View, Rule Create / Edit / Assign / View, Audit View, User Admin, Health View, Alert Admin.');

export const PERMISSION_LABEL: Readonly<Record<Permission, string>> = {
  adapter_admin: 'Adapter Admin',
  account_mapping_create: 'Account Mapping Create',
  account_mapping_edit: 'Account Mapping Edit',
  account_mapping_view: 'Account Mapping View',
  rule_create: 'Rule Create',
  rule_edit: 'Rule Edit',
  rule_assign: 'Rule Assign',
  rule_view: 'Rule View',
  audit_view: 'Audit View',
  user_admin: 'User Admin',
  health_view: 'Health View',
  alert_admin: 'Alert Admin',
};
