import type { WriteIntent } from '../domain/index.ts';

/**
 * The serve key of a Salesforce intent: only the instance holding the agent's console may claim
 * it. CXone intents have none (any instance may serve them).
 */
export const consoleServeKey = (tenantId: string, agentId: string): string => `console:${tenantId}:${agentId}`;

export const serveKeyFor = (tenantId: string, agentId: string, write: WriteIntent): string | null =>
  write.side === 'salesforce' ? consoleServeKey(tenantId, agentId) : null;
