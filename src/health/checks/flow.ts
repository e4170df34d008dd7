import { RATE_LIMIT_WINDOW_MS, type UpstreamSide } from '../signals.ts';
import { agentRefs, finding, type Check } from '../facts.ts';

/** Writes given up in the last hour (the facts hold only those). */
export const deadLetters: Check = (facts) => {
  const { count, recent } = facts.deadLetters;
  if (count === 0) return undefined;
  const agents = agentRefs(facts, new Set(recent.map((r) => r.agentId)));
  return finding('PSYNC_HEALTH_DEAD_LETTERS', { n: count, message: recent[0]?.reason ?? '' }, { agents });
};

/** The CXone feed has not polled successfully for more than N intervals. */
export const feedLag: Check = (facts, thresholds) => {
  if (!facts.connection.cxone) return undefined;
  const last = facts.signals.lastCxonePollAt ?? facts.signals.startedAt;
  if (last === undefined) return undefined;
  const lag = facts.now - last;
  if (lag <= thresholds.feedLagIntervals * thresholds.cxonePollIntervalMs) return undefined;
  return finding('PSYNC_HEALTH_FEED_LAG', { lagSeconds: Math.round(lag / 1000), intervals: thresholds.feedLagIntervals });
};

/** A side answered "too many requests" in the last minutes (the side limited most often is named). */
export const rateLimited: Check = (facts) => {
  const sides = (['cxone', 'salesforce'] as const satisfies readonly UpstreamSide[]).map((side) => ({ side, hits: facts.signals.sides[side].rateLimited })).filter((s) => s.hits.length > 0);
  const worst = sides.sort((a, b) => b.hits.length - a.hits.length)[0];
  if (!worst) return undefined;
  return finding('PSYNC_HEALTH_RATE_LIMITED', { side: worst.side, n: worst.hits.length, minutes: RATE_LIMIT_WINDOW_MS / 60_000, message: worst.hits[worst.hits.length - 1]!.message });
};
