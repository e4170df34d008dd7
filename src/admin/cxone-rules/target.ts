import type { PresenceRule } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import { AdminActionError } from './errors.ts';

/** Where an import goes: an existing rule (its rows are replaced) or a new one. */
export interface ImportTarget {
  /** An existing rule's id, or the id of the new rule (default: a new id). */
  readonly ruleId?: string;
  /** The new rule's name; for an existing rule, a new name (default: its own). */
  readonly name?: string;
  readonly skipUnavailableCodeValidation?: boolean;
}

export const NEW_RULE_ID = '\u0000new';

/** The rule an import fills: the existing one named by `ruleId`, or a new one (version 0, no assignments). */
export async function importTarget(store: Store, tenantId: string, target: ImportTarget): Promise<{ readonly rule: PresenceRule; readonly exists: boolean }> {
  const existing = target.ruleId === undefined ? undefined : await store.rules.get(tenantId, target.ruleId);
  if (existing) {
    return { exists: true, rule: { ...existing, name: target.name ?? existing.name, skipUnavailableCodeValidation: target.skipUnavailableCodeValidation ?? existing.skipUnavailableCodeValidation } };
  }
  if (target.name === undefined || target.name.trim() === '') {
    throw new AdminActionError(
      400,
      'PSYNC_CXONE_IMPORT_NAME_MISSING',
      target.ruleId === undefined ? 'Give the new rule a name (name), or name an existing rule (ruleId) whose rows the import replaces.' : `There is no rule "${target.ruleId}" to import into; give a name to create it.`,
      { ruleId: target.ruleId ?? null },
    );
  }
  return {
    exists: false,
    rule: { id: target.ruleId ?? NEW_RULE_ID, name: target.name.trim(), version: 0, skipUnavailableCodeValidation: target.skipUnavailableCodeValidation ?? false, publisher: [], subscriber: [], assignments: { teamIds: [], userIds: [] } },
  };
}
