/** The emulator's entities: what a CXone tenant holds, as far as presence sync can see it. */

/** CXone's numeric agent state ids (`agentStateId`) by name. */
export const AGENT_STATE_IDS = {
  LoggedOut: 0,
  Available: 1,
  Unavailable: 2,
  InboundContact: 3,
  OutboundContact: 4,
  InboundConsult: 5,
  OutboundConsult: 6,
  Dialer: 7,
  LoggedIn: 8,
} as const;
export type AgentStateName = keyof typeof AGENT_STATE_IDS;

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  readonly businessUnitId: number;
  readonly clusterId: string;
}

/** A registered API application (back-end client). `tenantId: null` works for every tenant. */
export interface Application {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string | null;
}

export interface Team {
  readonly tenantId: string;
  readonly teamId: number;
  readonly teamUuId: string;
  teamName: string;
  isActive: boolean;
  /** Unavailable codes assigned to the team, by id. */
  readonly codeIds: Set<number>;
  updatedAt: number;
}

export interface UnavailableCode {
  readonly tenantId: string;
  readonly id: number;
  name: string;
  isActive: boolean;
  isAcw: boolean;
  agentTimeoutMins: number | null;
}

/** The state an agent is in, with what CXone reports next to it. */
export interface AgentStatus {
  readonly name: AgentStateName;
  /** The unavailable code, `0` for the default Unavailable state and every other state. */
  readonly outStateId: number;
  readonly outStateName: string;
  readonly isAcw: boolean;
  readonly since: number;
}

export interface Contact {
  readonly contactId: number;
  readonly direction: 'inbound' | 'outbound';
  readonly startedAt: number;
  /** The state the agent was in before the contact; restored when it ends unless a next state is queued. */
  readonly stateBefore: AgentStatus;
}

/** A state asked for while the agent was on a contact, applied when the contact ends. */
export interface NextState {
  readonly name: 'Available' | 'Unavailable';
  readonly outStateId: number;
  readonly cause: ChangeCause;
  readonly detail: string;
}

/** A CXone user: a UserHub user (uuid) with its ACD agent (number). */
export interface Agent {
  readonly tenantId: string;
  readonly agentId: number;
  readonly userId: string;
  userName: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  federatedId: string | null;
  crmUserName: string | null;
  isActive: boolean;
  teamId: number;
  /** May this user join other agents' sessions (impersonation)? */
  canImpersonate: boolean;
  /** May this user generate access keys for other users ("Access Key" permission)? */
  canManageAccessKeys: boolean;
  updatedAt: number;
  status: AgentStatus;
  sessionStartTime: number | null;
  stationId: string | null;
  contact: Contact | null;
  nextState: NextState | null;
}

export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly tenantId: string;
  readonly agentId: number;
  isActive: boolean;
  readonly createdAt: number;
}

/** Who caused a state change: the agent (via the control surface), an API call, or CXone itself. */
export type ChangeCause = 'agent' | 'api' | 'system';

/** One entry of the emulator's own record of every agent state change (for test checkers). */
export interface StateChange {
  /** Position in the emulator-wide record, starting at 1. */
  readonly seq: number;
  readonly tenantId: string;
  readonly agentId: number;
  /** When the change happened (epoch ms); this is the row's `lastUpdateTime` in the states feed. */
  readonly at: number;
  readonly from: AgentStatus;
  readonly to: AgentStatus;
  readonly contactId: number | null;
  readonly cause: ChangeCause;
  /** What exactly caused it, e.g. `POST /agents/{id}/state`, `agent-session`, `contact-end`, `control`. */
  readonly detail: string;
}
