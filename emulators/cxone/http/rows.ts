import type { FastifyReply } from 'fastify';
import type { Directory } from '../directory.ts';
import { AGENT_STATE_IDS, type Agent, type AgentStatus, type Team, type UnavailableCode } from '../model.ts';
import type { CxoneBehaviour } from '../options.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** An agent as `GET /agents` lists it (reference §3.1). */
export function agentRow(agent: Agent, directory: Directory): Record<string, unknown> {
  const team = directory.teams.get(agent.teamId);
  return {
    agentId: agent.agentId,
    userName: agent.userName,
    firstName: agent.firstName,
    lastName: agent.lastName,
    userID: agent.userId,
    emailAddress: agent.emailAddress,
    isActive: agent.isActive,
    teamId: agent.teamId,
    teamName: team?.teamName ?? '',
    teamUuId: team?.teamUuId ?? '',
    federatedId: agent.federatedId ?? '',
    crmUserName: agent.crmUserName ?? '',
    internalId: '',
    custom1: '',
    custom2: '',
    custom3: '',
    custom4: '',
    custom5: '',
    profileId: 1,
    profileName: 'Agent',
    timeZone: 'UTC',
    lastUpdated: iso(agent.updatedAt),
  };
}

export function teamRow(team: Team, directory: Directory): Record<string, unknown> {
  return {
    teamId: team.teamId,
    teamName: team.teamName,
    teamUuId: team.teamUuId,
    isActive: team.isActive,
    description: '',
    agentCount: directory.teamAgents(team.teamId).length,
    lastUpdateTime: iso(team.updatedAt),
  };
}

/** A team's code, in the casing the behaviour switch asks for (reference §3.2). */
export function teamCodeRow(code: UnavailableCode, casing: CxoneBehaviour['teamCodeCasing']): Record<string, unknown> {
  const [id, name] = casing === 'outstate' ? ['outstateId', 'outstateName'] : ['outStateId', 'outStateName'];
  return { [id]: code.id, [name]: code.name, isActive: code.isActive, isAcw: code.isAcw, agentTimeoutMins: code.agentTimeoutMins };
}

export function codeRow(code: UnavailableCode): Record<string, unknown> {
  return { id: code.id, name: code.name, isActive: code.isActive, isACW: code.isAcw, agentTimeout: code.agentTimeoutMins };
}

const CATEGORY: Record<AgentStatus['name'], string> = {
  LoggedOut: 'LoggedOut',
  Available: 'Available',
  Unavailable: 'Unavailable',
  InboundContact: 'Working',
  OutboundContact: 'Working',
  InboundConsult: 'Working',
  OutboundConsult: 'Working',
  Dialer: 'Working',
  LoggedIn: 'Unavailable',
};

/** A states-feed row for an agent in a given status (reference §3.3). */
export function stateRow(agent: Agent, status: AgentStatus, contactId: number | null, directory: Directory, businessUnitId: number): Record<string, unknown> {
  const team = directory.teams.get(agent.teamId);
  const onContact = contactId !== null;
  const loggedIn = status.name !== 'LoggedOut';
  return {
    agentId: agent.agentId,
    agentStateId: AGENT_STATE_IDS[status.name],
    agentStateName: status.name,
    agentStateCategory: CATEGORY[status.name],
    businessUnitId,
    contactId: contactId ?? 0,
    isActive: agent.isActive,
    isACW: status.isAcw,
    isOutbound: status.name === 'OutboundContact',
    firstName: agent.firstName,
    lastName: agent.lastName,
    userName: agent.userName,
    teamId: agent.teamId,
    teamName: team?.teamName ?? '',
    lastUpdateTime: iso(status.since),
    outStateId: status.outStateId,
    outStateDescription: status.outStateName,
    startDate: iso(status.since),
    sessionStartTime: loggedIn && agent.sessionStartTime !== null ? iso(agent.sessionStartTime) : null,
    stationId: loggedIn ? agent.stationId : null,
    stationPhoneNumber: null,
    skillId: onContact ? 1 : null,
    skillName: onContact ? 'Emulated Skill' : null,
    mediaTypeId: onContact ? 4 : null,
    mediaTypeName: onContact ? 'Phone Call' : null,
    openContacts: onContact ? 1 : 0,
    fromAddress: null,
    toAddress: null,
  };
}

/** Sends a list answer, or 204 without a body when the behaviour switch says empty lists are 204. */
export function listReply(reply: FastifyReply, behaviour: CxoneBehaviour, rowCount: number, body: Record<string, unknown>) {
  if (rowCount === 0 && behaviour.emptyResultStatus === 204) return reply.code(204).send();
  return reply.send(body);
}
