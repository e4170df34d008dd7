import { CLOSE_CODES } from '../../bridge-client/protocol.ts';
import type { BridgeConnection } from './bridge-connection.ts';

interface AgentSessions {
  active: BridgeConnection | undefined;
  readonly standbys: BridgeConnection[];
  grace: ReturnType<typeof setTimeout> | undefined;
}

export interface RegistryStats {
  readonly agents: number;
  readonly active: number;
  readonly standby: number;
  readonly inGrace: number;
}

/**
 * The live consoles per agent: one active tab, the others standing by in arrival order. When the
 * active one goes, the oldest standby takes over; with none left, a grace period starts, after which
 * the agent counts as Offline on the Salesforce side (unless a console came back).
 */
export class SessionRegistry {
  private readonly agents = new Map<string, AgentSessions>();

  constructor(
    private readonly graceMs: number,
    private readonly onGraceExpired: (agentId: string, lastSessionId: string) => void,
  ) {}

  attach(connection: BridgeConnection): void {
    const agentId = connection.identity?.agentId;
    if (agentId === undefined) return;
    let sessions = this.agents.get(agentId);
    if (!sessions) {
      sessions = { active: undefined, standbys: [], grace: undefined };
      this.agents.set(agentId, sessions);
    }
    if (sessions.grace !== undefined) {
      clearTimeout(sessions.grace);
      sessions.grace = undefined;
    }
    const current = sessions.active;
    if (current && current.identity?.tabId === connection.identity?.tabId) {
      // The same tab reconnected before its old socket was found dead: the new socket replaces it.
      sessions.active = connection;
      connection.makeActive(false);
      current.close(CLOSE_CODES.replaced, 'replaced by a newer connection of the same tab');
    } else if (!current) {
      sessions.active = connection;
      connection.makeActive(false);
    } else {
      sessions.standbys.push(connection);
      connection.makeStandby();
    }
  }

  detach(connection: BridgeConnection): void {
    const agentId = connection.identity?.agentId;
    const sessions = agentId === undefined ? undefined : this.agents.get(agentId);
    if (agentId === undefined || !sessions) return;
    if (sessions.active !== connection) {
      const at = sessions.standbys.indexOf(connection);
      if (at >= 0) sessions.standbys.splice(at, 1);
      return;
    }
    const next = sessions.standbys.shift();
    sessions.active = next;
    if (next) {
      next.makeActive(true);
      return;
    }
    sessions.grace = setTimeout(() => {
      this.agents.delete(agentId);
      this.onGraceExpired(agentId, connection.sessionId);
    }, this.graceMs);
  }

  active(agentId: string): BridgeConnection | undefined {
    return this.agents.get(agentId)?.active;
  }

  stats(): RegistryStats {
    let active = 0;
    let standby = 0;
    let inGrace = 0;
    for (const sessions of this.agents.values()) {
      if (sessions.active) active++;
      standby += sessions.standbys.length;
      if (sessions.grace !== undefined) inGrace++;
    }
    return { agents: this.agents.size, active, standby, inGrace };
  }

  /** Stops the grace timers without concluding anything: a hub shutting down is not a console closing. */
  close(): void {
    for (const sessions of this.agents.values()) if (sessions.grace !== undefined) clearTimeout(sessions.grace);
    this.agents.clear();
  }
}
