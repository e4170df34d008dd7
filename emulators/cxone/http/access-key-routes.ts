import type { FastifyInstance } from 'fastify';
import { acdError, badRequest, notFound } from '../errors.ts';
import type { AccessKey } from '../model.ts';
import type { World } from '../world.ts';
import { callerOf, type Caller } from './caller.ts';
import { param, type Query } from './query.ts';

const BASE = '/access-key-management/v1/access-keys';
type KeyParams = { accessKeyId: string };

/**
 * UserHub access-key management (reference §2, [S]): generate a key for a user, list, read,
 * (de)activate and delete keys. Secrets are returned only once, by the POST that creates them.
 */
export function registerAccessKeyRoutes(app: FastifyInstance, world: World): void {
  const { directory } = world;
  const view = (key: AccessKey, withSecret = false) => ({
    accessKeyId: key.accessKeyId,
    ...(withSecret ? { accessKeySecret: key.accessKeySecret } : {}),
    userId: directory.anyAgent(key.agentId).userId,
    tenantId: key.tenantId,
    agentId: key.agentId,
    isActive: key.isActive,
    createdDate: new Date(key.createdAt).toISOString(),
  });
  const keyOf = (caller: Caller, accessKeyId: string): AccessKey => {
    const key = directory.accessKeys.get(accessKeyId);
    if (!key || key.tenantId !== caller.tenant.tenantId) throw notFound(`Access key ${accessKeyId}`);
    mayManage(caller, key.agentId);
    return key;
  };

  app.post(BASE, async (request) => {
    const caller = await callerOf(world, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const userId = typeof body['userId'] === 'string' ? body['userId'] : caller.user.userId;
    if (body['tenantId'] !== undefined && body['tenantId'] !== caller.tenant.tenantId) throw acdError(403, 'Forbidden', 'tenantId is not the caller\'s tenant.');
    const user = directory.agentByUserId(userId);
    if (!user || user.tenantId !== caller.tenant.tenantId) throw notFound(`User ${userId}`);
    mayManage(caller, user.agentId);
    return { resultSet: view(directory.createAccessKey(user.agentId), true) };
  });

  app.get(BASE, async (request) => {
    const caller = await callerOf(world, request);
    const userId = param(request.query as Query, 'userId');
    const keys = [...directory.accessKeys.values()].filter(
      (k) => k.tenantId === caller.tenant.tenantId && (userId === undefined || directory.anyAgent(k.agentId).userId === userId),
    );
    return { resultSet: keys.filter((k) => caller.user.canManageAccessKeys || k.agentId === caller.user.agentId).map((k) => view(k)) };
  });

  app.patch(BASE, async (request) => {
    const caller = await callerOf(world, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body['accessKeyId'] !== 'string' || typeof body['isActive'] !== 'boolean') {
      throw badRequest('accessKeyId (string) and isActive (boolean) are required.');
    }
    const key = keyOf(caller, body['accessKeyId']);
    key.isActive = body['isActive'];
    return { resultSet: view(key) };
  });

  app.get(`${BASE}/:accessKeyId`, async (request) => {
    const caller = await callerOf(world, request);
    return { resultSet: view(keyOf(caller, (request.params as KeyParams).accessKeyId)) };
  });

  app.delete(`${BASE}/:accessKeyId`, async (request, reply) => {
    const caller = await callerOf(world, request);
    const key = keyOf(caller, (request.params as KeyParams).accessKeyId);
    directory.accessKeys.delete(key.accessKeyId);
    return reply.code(204).send();
  });
}

/** "My Access Key" covers the caller's own keys; other users' keys need the "Access Key" permission. */
function mayManage(caller: Caller, agentId: number): void {
  if (agentId !== caller.user.agentId && !caller.user.canManageAccessKeys) {
    throw acdError(403, 'Forbidden', 'The caller lacks the Access Key permission needed to manage other users\' access keys.');
  }
}
