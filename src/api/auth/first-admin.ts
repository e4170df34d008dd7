import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { PERMISSIONS } from './permissions.ts';
import type { ConsoleUser, PrincipalStore } from './principal-store.ts';

/**
 * `presence-sync admin create`: the first console user, with every permission. Refused once any
 * console user exists (later users are made by a User Admin in the console or the API).
 */
export async function createFirstAdministrator(principals: PrincipalStore, input: { readonly username: string; readonly password: string; readonly now?: number }): Promise<ConsoleUser> {
  await principals.checkSchema();
  const username = input.username.trim();
  if (!/^[A-Za-z0-9._@-]{3,64}$/.test(username)) {
    throw new ApiError(400, 'PSYNC_USERNAME_INVALID', 'Choose a username of 3 to 64 letters, digits and . _ @ -.');
  }
  const weak = passwordProblem(input.password);
  if (weak) throw new ApiError(400, 'PSYNC_PASSWORD_WEAK', weak);
  if ((await principals.countUsers()) > 0) {
    throw new ApiError(409, 'PSYNC_ADMIN_EXISTS', 'A console user exists already; sign in as a User Admin and add users in the console (Users) instead.');
  }
  const created = await principals.createUser({
    id: randomUUID(),
    username,
    displayName: username,
    passwordHash: await hashPassword(input.password),
    permissions: [...PERMISSIONS],
    createdAt: input.now ?? Date.now(),
  });
  if (!created) throw new ApiError(409, 'PSYNC_ADMIN_EXISTS', `The username "${username}" is taken.`);
  return created;
}
