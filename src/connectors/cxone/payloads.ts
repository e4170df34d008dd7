import { z } from 'zod';
import { caseless, flag, id, list, optionalText, optionalTimestamp } from './wire.ts';

/**
 * The validated shapes of CXone's answers (reference §3), with keys matched case-insensitively.
 * Only what the hub uses is kept; everything else CXone sends is ignored.
 */

const optionalId = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));
const optionalNumber = z.union([z.number(), z.string(), z.null()]).optional().transform((v) => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
});
const links = caseless(z.object({ next: z.string().nullish() }).loose()).nullish();

export const agentRecord = caseless(
  z.object({
    agentid: id,
    userid: optionalText,
    username: z.string(),
    firstname: optionalText,
    lastname: optionalText,
    emailaddress: optionalText,
    federatedid: optionalText,
    crmusername: optionalText,
    isactive: flag,
    teamid: optionalId,
    teamname: optionalText,
  }),
).transform((a) => ({
  agentId: a.agentid,
  userId: a.userid,
  userName: a.username,
  firstName: a.firstname,
  lastName: a.lastname,
  emailAddress: a.emailaddress,
  federatedId: a.federatedid,
  crmUserName: a.crmusername,
  isActive: a.isactive ?? true,
  teamId: a.teamid,
  teamName: a.teamname,
}));
export type CxoneAgent = z.output<typeof agentRecord>;

export const agentsPage = caseless(z.object({ agents: list(agentRecord), totalrecords: optionalNumber, _links: links }));

export const teamRecord = caseless(z.object({ teamid: id, teamname: z.string(), isactive: flag })).transform((t) => ({
  teamId: t.teamid,
  teamName: t.teamname,
  isActive: t.isactive ?? true,
}));
export type CxoneTeam = z.output<typeof teamRecord>;

export const teamsPage = caseless(z.object({ teams: list(teamRecord), totalrecords: optionalNumber, _links: links }));

/** `GET /teams/{id}/agents`: `{teams:[{teamId, agents:[...]}]}`. */
export const teamAgentsAnswer = caseless(z.object({ teams: list(caseless(z.object({ teamid: id, agents: list(agentRecord) }))), totalrecords: optionalNumber }));

/** A code as `/unavailable-codes` (`id`, `name`, `agentTimeout`) or a team's list (`outstateId`, `outstateName`) sends it. */
export const unavailableCodeRecord = caseless(
  z.object({
    id: optionalId,
    outstateid: optionalId,
    name: optionalText,
    outstatename: optionalText,
    outstatedescription: optionalText,
    isactive: flag,
    isacw: flag,
    agenttimeout: optionalNumber,
    agenttimeoutmins: optionalNumber,
  }),
)
  .refine((c) => (c.id ?? c.outstateid) !== null, 'an unavailable code needs an id')
  .transform((c) => ({
    id: (c.id ?? c.outstateid) as string,
    name: c.name ?? c.outstatename ?? c.outstatedescription ?? '',
    isActive: c.isactive ?? true,
    isAcw: c.isacw ?? false,
    agentTimeoutMins: c.agenttimeoutmins ?? c.agenttimeout,
  }));
export type CxoneUnavailableCode = z.output<typeof unavailableCodeRecord>;

export const codesPage = caseless(z.object({ unavailablecodes: list(unavailableCodeRecord), totalrecords: optionalNumber, _links: links }));

/** `GET /teams/{id}/unavailable-codes`: `{teamId, unavailableCodes}`; some versions wrap it in `teams`. */
export const teamCodesAnswer = caseless(
  z.object({
    unavailablecodes: list(unavailableCodeRecord),
    teams: list(caseless(z.object({ unavailablecodes: list(unavailableCodeRecord) }))),
  }),
).transform((t) => (t.unavailablecodes.length > 0 ? t.unavailablecodes : t.teams.flatMap((team) => team.unavailablecodes)));

/** One row of the Real-Time `GET /agents/states` feed. */
export const agentStateRow = caseless(
  z.object({
    agentid: id,
    agentstateid: optionalNumber,
    agentstatename: optionalText,
    outstateid: optionalId,
    outstatedescription: optionalText,
    outstatename: optionalText,
    isacw: flag,
    startdate: optionalTimestamp,
    lastupdatetime: optionalTimestamp,
    contactid: optionalId,
    teamid: optionalId,
  }),
).transform((r) => ({
  agentId: r.agentid,
  stateId: r.agentstateid,
  stateName: r.agentstatename,
  outStateId: r.outstateid,
  outStateName: r.outstatedescription ?? r.outstatename,
  isAcw: r.isacw ?? false,
  startTime: r.startdate,
  lastUpdateTime: r.lastupdatetime,
  contactId: r.contactid,
  teamId: r.teamid,
}));
export type CxoneAgentStateRow = z.output<typeof agentStateRow>;

export const agentStatesAnswer = caseless(
  z.object({ agentstates: list(agentStateRow), lastpolltime: z.string().nullish(), totalrecords: optionalNumber, _links: links }),
).transform((a) => ({ rows: a.agentstates, lastPollTime: a.lastpolltime ?? null, totalRecords: a.totalrecords, next: a._links?.next ?? null }));
export type CxoneAgentStates = z.output<typeof agentStatesAnswer>;

export const sessionAnswer = caseless(z.object({ sessionid: id })).transform((s) => ({ sessionId: s.sessionid }));

/** `POST /access-key-management/v1/access-keys`: `{resultSet:{accessKeyId, accessKeySecret, ...}}` (or unwrapped). */
const accessKeyFields = caseless(z.object({ accesskeyid: z.string().min(1), accesskeysecret: z.string().min(1), userid: optionalText, isactive: flag }));
export const accessKeyAnswer = caseless(z.object({ resultset: accessKeyFields.optional() }).loose())
  .transform((a, ctx) => {
    const found = a.resultset ?? accessKeyFields.safeParse(a).data;
    if (!found) {
      ctx.addIssue({ code: 'custom', message: 'no accessKeyId/accessKeySecret' });
      return z.NEVER;
    }
    return { accessKeyId: found.accesskeyid, accessKeySecret: found.accesskeysecret, userId: found.userid, isActive: found.isactive ?? true };
  });
export type CxoneAccessKey = z.output<typeof accessKeyAnswer>;

/**
 * `GET /adapter-apis/v1/{partnerName}/rule/{partnerId}`: the Presence Sync adapter's rule, as NICE's
 * SDK parses it (both maps are required there; the SDK maps over them without a check).
 */
const adapterStateMapping = caseless(z.object({ incontactagentstate: z.string(), partneragentstate: z.string() })).transform((m) => ({
  incontactAgentState: m.incontactagentstate,
  partnerAgentState: m.partneragentstate,
}));
export const adapterRuleAnswer = caseless(z.object({ publisherstatemap: z.array(adapterStateMapping), subscriberstatemap: z.array(adapterStateMapping) })).transform((r) => ({
  publisherStateMap: r.publisherstatemap,
  subscriberStateMap: r.subscriberstatemap,
}));
