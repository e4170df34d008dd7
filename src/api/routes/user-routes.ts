import { z } from 'zod';
import { hashPassword } from '../auth/passwords.ts';
import { newApiToken, sha256 } from '../auth/secrets.ts';
import { ApiError, notFound } from '../errors.ts';
import { apiTokenSchema, consoleUserSchema, createdTokenSchema, createTokenBody, createUserBody, tokenParams, updateUserBody, userParams } from '../schemas/principals.ts';
import type { ApiServices } from '../services.ts';

const HUB = '_hub';

export function userRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'GET',
    path: '/users',
    tag: 'Users and tokens',
    summary: 'List console users',
    access: 'user_admin',
    response: z.object({ users: z.array(consoleUserSchema) }),
    handler: async () => ({ users: [...(await s.principals.listUsers())] }),
  });
  s.routes.add({
    method: 'POST',
    path: '/users',
    tag: 'Users and tokens',
    summary: 'Add a console user',
    access: 'user_admin',
    auditAction: 'user.create',
    idempotent: true,
    secretFields: ['password'],
    status: 201,
    body: createUserBody,
    response: consoleUserSchema,
    handler: async ({ body, audit }) => {
      const created = await s.principals.createUser({
        id: s.newId(),
        username: body.username,
        displayName: body.displayName ?? body.username,
        passwordHash: await hashPassword(body.password),
        permissions: body.permissions,
        createdAt: s.clock.now(),
      });
      if (!created) throw new ApiError(409, 'PSYNC_USERNAME_TAKEN', `The username "${body.username}" is taken; choose another.`, { username: body.username });
      audit({ tenantId: HUB, explanation: `Added console user ${created.username} with ${body.permissions.join(', ') || 'no permissions'}.`, details: { userId: created.id, permissions: body.permissions } });
      return created;
    },
  });
  s.routes.add({
    method: 'PATCH',
    path: '/users/:userId',
    tag: 'Users and tokens',
    summary: 'Change a console user: permissions, disable, new password, unlock',
    access: 'user_admin',
    auditAction: 'user.update',
    params: userParams,
    body: updateUserBody,
    response: consoleUserSchema,
    handler: async ({ params, body, principal, audit }) => {
      if (!(await s.principals.user(params.userId))) throw notFound('console user', params.userId, 'List the users (GET /api/v1/users) for their ids.');
      if (params.userId === principal.id && (body.disabled === true || (body.permissions && !body.permissions.includes('user_admin')))) {
        throw new ApiError(409, 'PSYNC_USER_SELF_LOCKOUT', 'You cannot disable yourself or take away your own User Admin permission; ask another User Admin.');
      }
      const updated = await s.principals.updateUser(
        params.userId,
        {
          ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
          ...(body.permissions !== undefined ? { permissions: body.permissions } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password) } : {}),
          ...(body.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
        },
        s.clock.now(),
      );
      if (body.unlock && updated) s.auth.unlock(updated.username);
      if (body.disabled || body.password !== undefined) await s.principals.removeUserSessions(params.userId);
      const changed = Object.keys(body).map((k) => (k === 'password' ? 'password (not shown)' : k));
      audit({ tenantId: HUB, explanation: `Changed console user ${updated?.username ?? params.userId}: ${changed.join(', ')}.`, details: { userId: params.userId, changed: Object.keys(body), ...(body.permissions ? { permissions: body.permissions } : {}) } });
      return updated!;
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/users/:userId',
    tag: 'Users and tokens',
    summary: 'Remove a console user',
    access: 'user_admin',
    auditAction: 'user.remove',
    params: userParams,
    response: z.undefined(),
    status: 204,
    handler: async ({ params, principal, audit }) => {
      if (params.userId === principal.id) throw new ApiError(409, 'PSYNC_USER_SELF_LOCKOUT', 'You cannot remove yourself; ask another User Admin.');
      if (!(await s.principals.removeUser(params.userId))) throw notFound('console user', params.userId, 'List the users (GET /api/v1/users) for their ids.');
      audit({ tenantId: HUB, explanation: `Removed console user ${params.userId}.`, details: { userId: params.userId } });
      return undefined;
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/tokens',
    tag: 'Users and tokens',
    summary: 'List API tokens (never their values)',
    access: 'user_admin',
    response: z.object({ tokens: z.array(apiTokenSchema) }),
    handler: async () => ({ tokens: [...(await s.principals.listTokens())] }),
  });
  s.routes.add({
    method: 'POST',
    path: '/tokens',
    tag: 'Users and tokens',
    summary: 'Create an API token for automation',
    description: 'The token is in this answer only; the hub keeps its hash. Not idempotent on purpose: a replayed answer would have to keep the token.',
    access: 'user_admin',
    auditAction: 'token.create',
    status: 201,
    body: createTokenBody,
    response: createdTokenSchema,
    handler: async ({ body, principal, audit }) => {
      const token = newApiToken();
      const record = { id: s.newId(), name: body.name, permissions: body.permissions, createdBy: principal.name, createdAt: s.clock.now(), expiresAt: body.expiresAt, revokedAt: null, lastUsedAt: null };
      await s.principals.createToken({ ...record, tokenHash: sha256(token) });
      audit({ tenantId: HUB, explanation: `Created API token "${body.name}" with ${body.permissions.join(', ')}.`, details: { tokenId: record.id, permissions: body.permissions } });
      return { token, record };
    },
  });
  s.routes.add({
    method: 'DELETE',
    path: '/tokens/:tokenId',
    tag: 'Users and tokens',
    summary: 'Revoke an API token',
    access: 'user_admin',
    auditAction: 'token.revoke',
    params: tokenParams,
    response: z.undefined(),
    status: 204,
    handler: async ({ params, audit }) => {
      if (!(await s.principals.revokeToken(params.tokenId, s.clock.now()))) throw notFound('active API token', params.tokenId, 'List the tokens (GET /api/v1/tokens); a revoked token stays revoked.');
      audit({ tenantId: HUB, explanation: `Revoked API token ${params.tokenId}.`, details: { tokenId: params.tokenId } });
      return undefined;
    },
  });
}
