import type { FastifyRequest } from 'fastify';
import { acdError } from '../errors.ts';
import type { Agent, Tenant } from '../model.ts';
import type { World } from '../world.ts';

export interface Caller {
  readonly tenant: Tenant;
  /** The user the token was issued to (the access key user). */
  readonly user: Agent;
  readonly clientId: string;
}

/** The caller behind the request's Bearer token; 401 when there is none or it is not valid. */
export async function callerOf(world: World, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw acdError(401, 'invalid_token', 'An Authorization: Bearer <access token> header is required.');
  const holder = await world.tokens.verifyAccess(match[1]);
  const user = world.directory.anyAgent(holder.agentId);
  if (!user.isActive && world.behaviour.deactivatedUserTokens === 'rejected') {
    throw acdError(401, 'invalid_token', 'The user this token was issued to is deactivated.');
  }
  return { tenant: world.directory.tenant(holder.tenantId), user, clientId: holder.clientId };
}
