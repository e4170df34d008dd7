import { decide as domainDecide, otherSide, type AgentContext, type Decision, type PresenceEvent } from '../domain/index.ts';

/**
 * The domain's `decide`, plus one rule it does not state: when a change finds the other side
 * already showing what the change maps to, a pending intent towards that other side from an OLDER
 * change is obsolete and is superseded. Without this, "Busy then Available for Chats" in quick
 * succession on Salesforce would still apply the Busy mapping to CXone after the agent moved on.
 * (Found by the model-based test; reported to the domain's owner.)
 */
export function decideWithObsoleteIntents(event: PresenceEvent, ctx: AgentContext): Decision {
  const decision = domainDecide(event, ctx);
  if (decision.outcome !== 'noop' || decision.reason !== 'already_in_sync' || decision.supersedes !== undefined) return decision;
  const target = otherSide(event.observation.side);
  const pending = ctx.pending[target];
  if (pending === undefined || pending >= event.at) return decision;
  return { ...decision, supersedes: target, explanation: `${decision.explanation} The older change still waiting to be applied to ${target === 'cxone' ? 'CXone' : 'Salesforce'} is superseded.` };
}
