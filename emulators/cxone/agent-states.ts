import type { ChangeLog } from './change-log.ts';
import type { Directory } from './directory.ts';
import { acdError, badRequest } from './errors.ts';
import type { Agent, AgentStatus, ChangeCause, StateChange, UnavailableCode } from './model.ts';
import type { CxoneBehaviour } from './options.ts';

export interface StateRequest {
  state: 'Available' | 'Unavailable';
  /** An unavailable code id; 0 or omitted = the default Unavailable state (no reason). */
  outStateId?: number;
  cause: ChangeCause;
  detail: string;
}

/** What became of a state request: applied now, or queued as the agent's next state (agent on a contact). */
export type StateOutcome = 'applied' | 'queued' | 'unchanged';

type ChangeListener = (change: StateChange) => void;

/**
 * The ACD's agent state machine. Our model of what the reference leaves open (README.md):
 * login puts the agent in the default Unavailable state; a state asked for while the agent is on a
 * contact becomes its next state, applied when the contact ends; without one the agent returns to
 * the state it had before the contact.
 */
export class AgentStates {
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly directory: Directory,
    private readonly log: ChangeLog,
    private readonly behaviour: () => CxoneBehaviour,
  ) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  login(agent: Agent, stationId: string | null, cause: ChangeCause, detail: string): void {
    if (agent.status.name !== 'LoggedOut') throw acdError(409, 'AgentAlreadyLoggedIn', `Agent ${agent.agentId} is already logged in.`);
    if (!agent.isActive) throw acdError(400, 'AgentInactive', `Agent ${agent.agentId} is deactivated.`);
    agent.stationId = stationId;
    this.change(agent, { name: 'Unavailable', outStateId: 0, outStateName: '', isAcw: false }, cause, detail);
    agent.sessionStartTime = agent.status.since;
  }

  logout(agent: Agent, cause: ChangeCause, detail: string): void {
    if (agent.status.name === 'LoggedOut') throw this.notLoggedIn(agent);
    agent.contact = null;
    agent.nextState = null;
    this.change(agent, { name: 'LoggedOut', outStateId: 0, outStateName: '', isAcw: false }, cause, detail);
    agent.sessionStartTime = null;
    agent.stationId = null;
  }

  request(agent: Agent, req: StateRequest): StateOutcome {
    if (agent.status.name === 'LoggedOut') throw this.notLoggedIn(agent);
    if (req.state !== 'Available' && req.state !== 'Unavailable') {
      throw badRequest(`state must be Available or Unavailable, not "${String(req.state)}".`);
    }
    const code = req.state === 'Unavailable' && req.outStateId ? this.usableCode(agent, req.outStateId) : null;
    if (code?.isAcw && !agent.contact) {
      throw acdError(409, 'NoActiveContact', `Unavailable code "${code.name}" is an ACW code; it can only be used while the agent has an active contact.`);
    }
    const outStateId = code?.id ?? 0;
    if (agent.contact) {
      agent.nextState = { name: req.state, outStateId, cause: req.cause, detail: req.detail };
      return 'queued';
    }
    const target = { name: req.state, outStateId, outStateName: code?.name ?? '', isAcw: code?.isAcw ?? false };
    const same = agent.status.name === target.name && agent.status.outStateId === target.outStateId;
    if (same && this.behaviour().sameStateChange === 'ignored') return 'unchanged';
    this.change(agent, target, req.cause, req.detail);
    return 'applied';
  }

  startContact(agent: Agent, direction: 'inbound' | 'outbound'): number {
    if (agent.status.name === 'LoggedOut') throw this.notLoggedIn(agent);
    if (agent.contact) throw acdError(409, 'AgentOnContact', `Agent ${agent.agentId} is already on contact ${agent.contact.contactId}.`);
    const contactId = this.directory.nextContactId();
    const stateBefore = agent.status;
    agent.contact = { contactId, direction, startedAt: this.log.stamp(agent.tenantId), stateBefore };
    const name = direction === 'inbound' ? 'InboundContact' : 'OutboundContact';
    this.change(agent, { name, outStateId: 0, outStateName: '', isAcw: false }, 'system', 'contact-start');
    return contactId;
  }

  endContact(agent: Agent): void {
    const contact = agent.contact;
    if (!contact) throw acdError(409, 'NoActiveContact', `Agent ${agent.agentId} has no active contact.`);
    const next = agent.nextState;
    agent.contact = null;
    agent.nextState = null;
    if (next) {
      const code = next.outStateId ? this.directory.codes.get(next.outStateId) : undefined;
      const target = { name: next.name, outStateId: next.outStateId, outStateName: code?.name ?? '', isAcw: code?.isAcw ?? false };
      this.change(agent, target, next.cause, `${next.detail} (next state, applied at contact end)`);
    } else {
      const { name, outStateId, outStateName, isAcw } = contact.stateBefore;
      this.change(agent, { name, outStateId, outStateName, isAcw }, 'system', 'contact-end');
    }
  }

  /** The code, if the agent's team may use it (exists, active, assigned to the team). */
  private usableCode(agent: Agent, outStateId: number): UnavailableCode {
    const code = this.directory.codes.get(outStateId);
    if (!code || code.tenantId !== agent.tenantId) throw badRequest(`Unavailable code ${outStateId} does not exist.`);
    const team = this.directory.teams.get(agent.teamId);
    if (!code.isActive || !team?.codeIds.has(code.id)) {
      throw acdError(
        this.behaviour().codeNotOnTeamStatus,
        'InvalidOutState',
        `Unavailable code ${outStateId} ("${code.name}") is not ${code.isActive ? "assigned to the agent's team" : 'active'}.`,
      );
    }
    return code;
  }

  private notLoggedIn(agent: Agent) {
    return acdError(this.behaviour().loggedOutStatus, 'AgentNotLoggedIn', `Agent ${agent.agentId} is not logged in.`);
  }

  private change(agent: Agent, to: Omit<AgentStatus, 'since'>, cause: ChangeCause, detail: string): void {
    const at = this.log.stamp(agent.tenantId);
    const from = agent.status;
    agent.status = { ...to, since: at };
    const contactId = agent.contact?.contactId ?? null;
    const record = this.log.append({ tenantId: agent.tenantId, agentId: agent.agentId, at, from, to: agent.status, contactId, cause, detail });
    for (const listener of this.listeners) listener(record);
  }
}
