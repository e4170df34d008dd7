export { type AdminActor } from './actor.ts';
export { AdminActionError } from './errors.ts';
export { confirmCxoneImport, type ImportConfirmation } from './confirm-import.ts';
export { exportCxoneRule } from './export-rule.ts';
export { previewCxoneImport } from './preview-import.ts';
export { pushCxoneRule } from './push-rule.ts';
export { readTenantAdapterRule, type AdapterRuleChannel } from './read-tenant-rule.ts';
export { type ImportTarget } from './target.ts';
