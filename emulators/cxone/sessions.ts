import type { AgentStates } from './agent-states.ts';
import type { Directory } from './directory.ts';
import { acdError, notFound } from './errors.ts';
import { uuid } from './ids.ts';
import type { Agent, StateChange } from './model.ts';

const MAX_QUEUED_EVENTS = 1_000;

/** An event as get-next-event returns it (reference §3.5). */
export type SessionEvent = Record<string, unknown> & { Type: string };

interface Session {
  readonly sessionId: string;
  readonly tenantId: string;
  readonly agentId: number;
  /** Joined to an agent's existing login (impersonation) rather than started as the login. */
  readonly joined: boolean;
  readonly events: SessionEvent[];
  ended: boolean;
  waiter: ((events: SessionEvent[] | null) => void) | null;
  timer: NodeJS.Timeout | null;
}

/** What one get-next-event call answers: events (200), none in time (304) or the session is over (409). */
export type NextEvents = { kind: 'events'; events: SessionEvent[] } | { kind: 'none' } | { kind: 'ended' };

/**
 * Agent API sessions. Starting one logs the agent in; joining attaches to a logged-in agent.
 * Each session has its own event queue, fed from the agent's state changes.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly byAgent = new Map<number, Set<Session>>();

  constructor(
    private readonly directory: Directory,
    private readonly states: AgentStates,
  ) {
    states.onChange((change) => this.onChange(change));
  }

  start(agent: Agent, stationId: string | null): string {
    this.states.login(agent, stationId, 'api', 'agent-session start');
    return this.open(agent, false).sessionId;
  }

  join(agent: Agent): string {
    if (agent.status.name === 'LoggedOut') throw acdError(409, 'AgentNotLoggedIn', `Agent ${agent.agentId} has no session to join.`);
    return this.open(agent, true).sessionId;
  }

  get(tenantId: string, sessionId: string): { session: Session; agent: Agent } {
    const session = this.sessions.get(sessionId);
    if (!session || session.tenantId !== tenantId) throw notFound(`Session ${sessionId}`);
    if (session.ended) throw acdError(409, 'SessionEnded', `Session ${sessionId} has ended.`);
    return { session, agent: this.directory.anyAgent(session.agentId) };
  }

  /**
   * Ends a session. Ending the agent's own session, or any with `forceLogoff`, logs the agent out
   * (which ends every session of the agent); ending a joined session otherwise only detaches it.
   */
  end(tenantId: string, sessionId: string, opts: { forceLogoff: boolean; endContacts: boolean }): void {
    const { session, agent } = this.get(tenantId, sessionId);
    if (!session.joined || opts.forceLogoff) {
      if (agent.contact && !opts.endContacts) {
        throw acdError(409, 'AgentOnContact', `Agent ${agent.agentId} is on contact ${agent.contact.contactId}; pass endContacts to end it.`);
      }
      if (agent.status.name !== 'LoggedOut') this.states.logout(agent, 'api', 'agent-session end');
    }
    this.close(session);
  }

  /** The next events, waiting up to `timeoutMs` for one. */
  nextEvents(tenantId: string, sessionId: string, timeoutMs: number): Promise<NextEvents> {
    const session = this.sessions.get(sessionId);
    if (!session || session.tenantId !== tenantId) return Promise.reject(notFound(`Session ${sessionId}`));
    if (session.events.length > 0) return Promise.resolve({ kind: 'events', events: session.events.splice(0) });
    if (session.ended) return Promise.resolve({ kind: 'ended' });
    if (timeoutMs <= 0) return Promise.resolve({ kind: 'none' });
    this.release(session, null);
    return new Promise((resolve) => {
      session.waiter = (events) => resolve(events ? { kind: 'events', events } : { kind: 'none' });
      session.timer = setTimeout(() => this.release(session, null), timeoutMs);
    });
  }

  /** Answers every waiting long-poll (used when the server closes). */
  releaseAll(): void {
    for (const session of this.sessions.values()) this.release(session, null);
  }

  private open(agent: Agent, joined: boolean): Session {
    const session: Session = { sessionId: uuid(), tenantId: agent.tenantId, agentId: agent.agentId, joined, events: [], ended: false, waiter: null, timer: null };
    this.sessions.set(session.sessionId, session);
    let set = this.byAgent.get(agent.agentId);
    if (!set) this.byAgent.set(agent.agentId, (set = new Set()));
    set.add(session);
    this.push(session, { Type: 'AgentSessionStart', SessionId: session.sessionId, AgentId: agent.agentId, IsJoined: joined });
    this.push(session, stateEvent(agent, this.directory));
    return session;
  }

  private close(session: Session): void {
    if (session.ended) return;
    session.ended = true;
    this.byAgent.get(session.agentId)?.delete(session);
    this.push(session, { Type: 'AgentSessionEnd', SessionId: session.sessionId, AgentId: session.agentId });
  }

  private onChange(change: StateChange): void {
    const sessions = this.byAgent.get(change.agentId);
    if (!sessions || sessions.size === 0) return;
    const agent = this.directory.anyAgent(change.agentId);
    for (const session of [...sessions]) {
      if (change.to.name === 'LoggedOut') this.close(session);
      else this.push(session, stateEvent(agent, this.directory));
    }
  }

  private push(session: Session, event: SessionEvent): void {
    session.events.push(event);
    // A session nobody polls must not grow without bound: keep the newest events.
    if (session.events.length > MAX_QUEUED_EVENTS) session.events.splice(0, session.events.length - MAX_QUEUED_EVENTS);
    if (session.waiter) this.release(session, session.events.splice(0));
  }

  private release(session: Session, events: SessionEvent[] | null): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    const waiter = session.waiter;
    session.waiter = null;
    waiter?.(events);
  }
}

function stateEvent(agent: Agent, directory: Directory): SessionEvent {
  const next = agent.nextState;
  const nextCode = next?.outStateId ? directory.codes.get(next.outStateId) : undefined;
  const acwCode = agent.status.isAcw ? directory.codes.get(agent.status.outStateId) : undefined;
  return {
    Type: 'AgentState',
    CurrentState: agent.status.name,
    CurrentOutReason: agent.status.outStateName,
    StartTimeUTC: new Date(agent.status.since).toISOString(),
    IsAcw: agent.status.isAcw,
    AcwTimeout: acwCode?.agentTimeoutMins ?? 0,
    NextStates: next ? [{ State: next.name, OutReason: nextCode?.name ?? '' }] : [],
    NextIsAcw: nextCode?.isAcw ?? false,
  };
}
