import type { HealthFinding } from '../../store/index.ts';
import type { Check, HealthThresholds, TenantHealthFacts } from '../facts.ts';
import { agentPrerequisites, consoleMissing, divergenceSustained } from './agents.ts';
import { connectionIncomplete, credentialExpired, credentialExpiring, cxoneAccessKeyRejected, cxoneCredentialsFailing, salesforceCredentialsFailing } from './credentials.ts';
import { deadLetters, feedLag, rateLimited } from './flow.ts';
import { ruleCodeMissing, ruleStatusMissing } from './rules.ts';

/** Every check, in the order the health page lists problems of the same severity. */
export const CHECKS: readonly Check[] = [
  connectionIncomplete,
  cxoneAccessKeyRejected,
  cxoneCredentialsFailing,
  salesforceCredentialsFailing,
  credentialExpired,
  credentialExpiring,
  feedLag,
  ruleStatusMissing,
  ruleCodeMissing,
  agentPrerequisites,
  consoleMissing,
  divergenceSustained,
  deadLetters,
  rateLimited,
];

/** What is wrong with the tenant now. A tenant with Presence Sync off has no problem to report. */
export function runChecks(facts: TenantHealthFacts, thresholds: HealthThresholds): HealthFinding[] {
  if (!facts.syncOn) return [];
  return CHECKS.flatMap((check) => check(facts, thresholds) ?? []);
}
