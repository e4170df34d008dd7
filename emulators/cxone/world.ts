import { AdapterRules } from './adapter-rules.ts';
import { AgentStates } from './agent-states.ts';
import { ChangeLog } from './change-log.ts';
import { Directory } from './directory.ts';
import { FaultScript } from './faults.ts';
import type { ChangeCause } from './model.ts';
import { DEFAULT_BEHAVIOUR, type CxoneBehaviour } from './options.ts';
import { RequestLog } from './request-log.ts';
import { Sessions } from './sessions.ts';
import type { TokenService } from './tokens.ts';

/** A states-feed row as sent on the wire. */
export type FeedRow = Record<string, unknown>;

/** Rows a fault held back or repeats, delivered with the tenant's next poll. */
export interface FeedCarry {
  late: FeedRow[];
  repeat: FeedRow[];
}

/** Everything the emulated CXone holds; the HTTP routes and the control API both work on it. */
export class World {
  readonly directory: Directory;
  readonly log: ChangeLog;
  readonly states: AgentStates;
  readonly sessions: Sessions;
  readonly faults = new FaultScript();
  readonly requests = new RequestLog();
  readonly adapterRules = new AdapterRules();
  readonly feedCarry = new Map<string, FeedCarry>();
  behaviour: CxoneBehaviour;

  constructor(
    readonly now: () => number,
    readonly tokens: TokenService,
    behaviour: Partial<CxoneBehaviour> = {},
  ) {
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...behaviour };
    this.directory = new Directory(now);
    this.log = new ChangeLog(now);
    this.states = new AgentStates(this.directory, this.log, () => this.behaviour);
    this.sessions = new Sessions(this.directory, this.states);
  }

  carry(tenantId: string): FeedCarry {
    let carry = this.feedCarry.get(tenantId);
    if (!carry) this.feedCarry.set(tenantId, (carry = { late: [], repeat: [] }));
    return carry;
  }

  /** Logs the agent out however it is logged in (ends its API sessions too). */
  logout(agentId: number, cause: ChangeCause, detail: string): void {
    this.states.logout(this.directory.anyAgent(agentId), cause, detail);
  }
}
