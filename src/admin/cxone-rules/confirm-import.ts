import type { AdapterRule, PresenceRule, Problem } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import { auditDetails, type AdminActor } from './actor.ts';
import { AdminActionError } from './errors.ts';
import { previewCxoneImport } from './preview-import.ts';
import { NEW_RULE_ID, type ImportTarget } from './target.ts';

export interface ImportConfirmation extends ImportTarget {
  /** The administrator saw the rows that cannot be carried over and saves without them. */
  readonly skipUnmapped?: boolean;
  /** Refuse the save if someone saved the existing rule meanwhile. */
  readonly expectedVersion?: number;
}

/**
 * Saves NICE's rule as previewed, once the administrator confirms: the preview is made again from
 * the same payload, and the rule is saved only if it passes every check of a rule and, unless the
 * administrator accepted to leave them out, every row could be carried over. The rule and its
 * audit entry are written in one transaction.
 */
export async function confirmCxoneImport(store: Store, tenantId: string, payload: AdapterRule, confirmation: ImportConfirmation, actor: AdminActor, newId: () => string): Promise<{ readonly rule: PresenceRule; readonly warnings: readonly Problem[]; readonly created: boolean }> {
  const preview = await previewCxoneImport(store, tenantId, payload, confirmation);
  if (preview.unmapped.length > 0 && !confirmation.skipUnmapped) {
    throw new AdminActionError(
      422,
      'PSYNC_CXONE_IMPORT_UNMAPPED',
      `${preview.unmapped.length} of NICE's rows cannot be carried over (${preview.unmapped.map((u) => `${u.map} row ${u.row}: ${u.reasons.map((r) => r.message).join(' ')}`).join('; ')}). Correct them and preview again, or confirm saving without them (skipUnmapped). Nothing was saved.`,
      { unmapped: preview.unmapped },
    );
  }
  if (!preview.validation.ok) {
    throw new AdminActionError(422, 'PSYNC_RULE_INVALID', `The imported rule was not saved: ${preview.validation.errors.map((e) => e.message).join(' ')}`, { problems: preview.validation.errors });
  }
  const rule = preview.rule;
  const id = rule.id === NEW_RULE_ID ? newId() : rule.id;
  if (!preview.replaces && (await store.rules.get(tenantId, id))) throw new AdminActionError(409, 'PSYNC_RULE_EXISTS', `Rule "${id}" exists; import into it by naming it, or choose another id.`, { ruleId: id });
  const input = { id, name: rule.name, skipUnavailableCodeValidation: rule.skipUnavailableCodeValidation, publisher: rule.publisher, subscriber: rule.subscriber };
  const skipped = preview.unmapped.length;
  const saved = await store.rules.save(tenantId, input, confirmation.expectedVersion, (done) => ({
    tenantId,
    kind: 'admin',
    outcome: 'rule.import',
    explanation: `${actor.label}: Imported NICE's Presence Sync rule ${preview.replaces ? 'into' : 'as'} presence rule "${done.name}" (version ${done.version}): ${done.publisher.length} publisher, ${done.subscriber.length} subscriber rows${skipped > 0 ? `; ${skipped} row(s) left out` : ''}.`,
    details: auditDetails(actor, { ruleId: done.id, version: done.version, rule: done, unmapped: preview.unmapped }),
  }));
  return { rule: saved, warnings: preview.validation.warnings, created: !preview.replaces };
}
