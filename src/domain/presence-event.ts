import type { AcdState } from './acd-state.ts';
import type { SalesforcePresence } from './salesforce-presence.ts';

export type Side = 'cxone' | 'salesforce';
export const otherSide = (side: Side): Side => (side === 'cxone' ? 'salesforce' : 'cxone');

/** Where an observation came from; the audit shows it and some decisions depend on it. */
export type Origin =
  /** CXone's agent-states feed. */
  | 'cxone_feed'
  /** The agent changed status in the console (`OmniManualStatusChange`). */
  | 'console_manual'
  /** The Omni-Channel toolkit changed it (`OmniToolkitStatusChange`): ours when it carries our command id. */
  | 'console_toolkit'
  /** A supervisor changed it (`OmniSupervisorStatusChange`). */
  | 'console_supervisor'
  /** A console bridge said hello and reported the status it shows. */
  | 'console_connected'
  /** The console went away for longer than the grace period: the agent counts as Offline. */
  | 'console_closed'
  /** The server-side Salesforce feed (UserServicePresence). */
  | 'salesforce_server'
  /** The periodic reconciliation pass. */
  | 'reconcile';

export type Observation =
  | { readonly side: 'cxone'; readonly state: AcdState }
  | { readonly side: 'salesforce'; readonly presence: SalesforcePresence };

export interface PresenceEvent {
  readonly agentId: string;
  readonly observation: Observation;
  /** When the change happened, by the source's clock (epoch ms). */
  readonly at: number;
  readonly origin: Origin;
  /** Set by the console bridge when the change was made by a command of the hub's. */
  readonly hubCommandId?: string;
}
