import type { CurrentStatusMessage, HelloMessage, LoggedOutMessage, StatusChangedMessage } from '../../bridge-client/protocol.ts';
import type { ConsolePresence } from '../../bridge-client/protocol.ts';
import { OFFLINE, status, toId18, type Origin, type SalesforcePresence } from '../domain/index.ts';
import type { BridgeEvent } from './ports.ts';

/** Who a connection speaks for, once its token is checked. */
export interface ConsoleIdentity {
  readonly orgId: string;
  readonly sfUserId: string;
  readonly agentId: string;
  readonly tabId: string;
  readonly jti: string;
}

/** Logouts that mean the agent's Omni-Channel moved to another console, which reports for itself. */
const MOVED_ELSEWHERE = new Set(['DuplicateLogin', 'DuplicateLoginInSameBrowser']);

export function originOfStatusChange(reason: string): Origin {
  switch (reason) {
    case 'OmniToolkitStatusChange':
      return 'console_toolkit';
    case 'OmniSupervisorStatusChange':
      return 'console_supervisor';
    default:
      // Manual, login, push timeout, declined work and reasons Salesforce may add: the console's own doing.
      return 'console_manual';
  }
}

/** A console's status as a domain presence; undefined when the status ID is not a valid record ID. */
export function toPresence(presence: ConsolePresence): SalesforcePresence | undefined {
  if (presence.kind === 'offline') return OFFLINE;
  const id = toId18(presence.statusId, 'presence status ID');
  return id.ok ? status(id.value) : undefined;
}

const keyOf = (who: ConsoleIdentity, suffix: string): string => `bridge:${who.orgId}:${who.sfUserId}:${who.tabId}:${suffix}`;

export function connectedEvent(who: ConsoleIdentity, message: HelloMessage | CurrentStatusMessage, at: number, sessionId: string): BridgeEvent | undefined {
  const presence = toPresence(message.status);
  if (!presence) return undefined;
  const suffix = message.type === 'hello' ? `hello:${who.jti}` : `current:${sessionId}:${message.seq}`;
  return { agentId: who.agentId, observation: { side: 'salesforce', presence }, at, origin: 'console_connected', dedupKey: keyOf(who, suffix) };
}

export function statusChangedEvent(who: ConsoleIdentity, message: StatusChangedMessage, at: number): BridgeEvent | undefined {
  const id = toId18(message.statusId, 'presence status ID');
  if (!id.ok) return undefined;
  return {
    agentId: who.agentId,
    observation: { side: 'salesforce', presence: status(id.value) },
    at,
    origin: message.commandId !== undefined ? 'console_toolkit' : originOfStatusChange(message.reason),
    ...(message.commandId !== undefined ? { hubCommandId: message.commandId } : {}),
    dedupKey: keyOf(who, String(message.seq)),
  };
}

/** Undefined for logouts that only mean the agent's Omni-Channel moved to another console. */
export function loggedOutEvent(who: ConsoleIdentity, message: LoggedOutMessage, at: number): BridgeEvent | undefined {
  if (message.commandId === undefined && message.reason !== undefined && MOVED_ELSEWHERE.has(message.reason)) return undefined;
  const origin: Origin =
    message.commandId !== undefined ? 'console_toolkit' : message.reason === 'OmniSupervisorLogout' ? 'console_supervisor' : 'console_manual';
  return {
    agentId: who.agentId,
    observation: { side: 'salesforce', presence: OFFLINE },
    at,
    origin,
    ...(message.commandId !== undefined ? { hubCommandId: message.commandId } : {}),
    dedupKey: keyOf(who, String(message.seq)),
  };
}

export function consoleClosedEvent(agentId: string, sessionId: string, at: number): BridgeEvent {
  return { agentId, observation: { side: 'salesforce', presence: OFFLINE }, at, origin: 'console_closed', dedupKey: `bridge:${agentId}:closed:${sessionId}` };
}
