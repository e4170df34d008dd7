import type { Directory } from './directory.ts';
import type { AccessKey, Agent, Team, UnavailableCode } from './model.ts';

/** Plain JSON snapshots the control surface hands out (never the live objects). */
export interface AgentView {
  tenantId: string;
  agentId: number;
  userId: string;
  userName: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  federatedId: string | null;
  crmUserName: string | null;
  isActive: boolean;
  teamId: number;
  state: string;
  outStateId: number;
  outStateName: string;
  isAcw: boolean;
  /** ISO time the current state started. */
  since: string;
  contactId: number | null;
  nextState: { state: string; outStateId: number } | null;
}

export interface TeamView {
  tenantId: string;
  teamId: number;
  teamUuId: string;
  teamName: string;
  isActive: boolean;
  codeIds: number[];
}

export type CodeView = UnavailableCode & { teamIds: number[] };

export interface AccessKeyView {
  accessKeyId: string;
  accessKeySecret: string;
  tenantId: string;
  agentId: number;
  userId: string;
  isActive: boolean;
}

export const agentView = (a: Agent): AgentView => ({
  tenantId: a.tenantId,
  agentId: a.agentId,
  userId: a.userId,
  userName: a.userName,
  firstName: a.firstName,
  lastName: a.lastName,
  emailAddress: a.emailAddress,
  federatedId: a.federatedId,
  crmUserName: a.crmUserName,
  isActive: a.isActive,
  teamId: a.teamId,
  state: a.status.name,
  outStateId: a.status.outStateId,
  outStateName: a.status.outStateName,
  isAcw: a.status.isAcw,
  since: new Date(a.status.since).toISOString(),
  contactId: a.contact?.contactId ?? null,
  nextState: a.nextState ? { state: a.nextState.name, outStateId: a.nextState.outStateId } : null,
});

export const teamView = (t: Team): TeamView => ({
  tenantId: t.tenantId,
  teamId: t.teamId,
  teamUuId: t.teamUuId,
  teamName: t.teamName,
  isActive: t.isActive,
  codeIds: [...t.codeIds].sort((a, b) => a - b),
});

export const codeView = (c: UnavailableCode, directory: Directory): CodeView => ({
  ...c,
  teamIds: directory.teamsOfCode(c).map((t) => t.teamId),
});

export const accessKeyView = (k: AccessKey, directory: Directory): AccessKeyView => ({
  accessKeyId: k.accessKeyId,
  accessKeySecret: k.accessKeySecret,
  tenantId: k.tenantId,
  agentId: k.agentId,
  userId: directory.anyAgent(k.agentId).userId,
  isActive: k.isActive,
});
