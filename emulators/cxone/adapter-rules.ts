import { badRequest } from './errors.ts';

/**
 * Presence Sync adapter rules, as NICE's SDK reads them from
 * `GET /adapter-apis/v1/{partnerName}/rule/{partnerId}`: a publisher and a subscriber state map,
 * each row pairing an inContact agent state with a partner agent state (README, "Adapter rules").
 */
export interface AdapterStateMapping {
  incontactAgentState: string;
  partnerAgentState: string;
}

export interface AdapterRule {
  publisherStateMap: AdapterStateMapping[];
  subscriberStateMap: AdapterStateMapping[];
}

const MAPS = ['publisherStateMap', 'subscriberStateMap'] as const;
const FIELDS = ['incontactAgentState', 'partnerAgentState'] as const;

/** One rule per tenant, partner (case-insensitive, e.g. `salesforce`) and partner account id (the org). */
export class AdapterRules {
  private readonly rules = new Map<string, AdapterRule>();

  get(tenantId: string, partnerName: string, partnerId: string): AdapterRule | undefined {
    const rule = this.rules.get(key(tenantId, partnerName, partnerId));
    return rule && copy(rule);
  }

  set(tenantId: string, partnerName: string, partnerId: string, rule: AdapterRule): AdapterRule {
    this.rules.set(key(tenantId, partnerName, partnerId), copy(rule));
    return copy(rule);
  }

  delete(tenantId: string, partnerName: string, partnerId: string): boolean {
    return this.rules.delete(key(tenantId, partnerName, partnerId));
  }
}

const key = (tenantId: string, partnerName: string, partnerId: string): string => `${tenantId}\u0000${partnerName.toLowerCase()}\u0000${partnerId}`;

const copy = (rule: AdapterRule): AdapterRule => ({
  publisherStateMap: rule.publisherStateMap.map((r) => ({ incontactAgentState: r.incontactAgentState, partnerAgentState: r.partnerAgentState })),
  subscriberStateMap: rule.subscriberStateMap.map((r) => ({ incontactAgentState: r.incontactAgentState, partnerAgentState: r.partnerAgentState })),
});

/**
 * Reads a rule body: both maps must be arrays (NICE's SDK maps over both without a check) and every
 * row must carry both states as non-empty text. Every problem is named in one 400; other keys are dropped.
 */
export function parseAdapterRule(body: unknown): AdapterRule {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a JSON object with publisherStateMap and subscriberStateMap.');
  const record = body as Record<string, unknown>;
  const problems: string[] = [];
  const rule: AdapterRule = { publisherStateMap: [], subscriberStateMap: [] };
  for (const map of MAPS) {
    const rows = record[map];
    if (!Array.isArray(rows)) {
      problems.push(`${map} must be an array`);
      continue;
    }
    rows.forEach((row: unknown, i) => {
      const fields = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
      const missing = FIELDS.filter((f) => typeof fields[f] !== 'string' || (fields[f] as string).trim() === '');
      if (missing.length > 0) problems.push(`${map}[${i}]: ${missing.join(' and ')} must be non-empty text`);
      else rule[map].push({ incontactAgentState: fields['incontactAgentState'] as string, partnerAgentState: fields['partnerAgentState'] as string });
    });
  }
  if (problems.length > 0) throw badRequest(`Invalid presence sync rule: ${problems.join('; ')}.`);
  return rule;
}
