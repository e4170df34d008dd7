import { z } from 'zod';
import { permissionSchema } from '../auth/permissions.ts';
import { idSchema, timestamp } from './common.ts';

export const usernameSchema = z.string().trim().regex(/^[A-Za-z0-9._@-]{3,64}$/, 'Use 3 to 64 letters, digits and . _ @ -.');
export const newPasswordSchema = z.string().min(12, 'Choose a password of at least 12 characters.').max(1024, 'At most 1024 characters.');

export const consoleUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    permissions: z.array(permissionSchema),
    disabled: z.boolean(),
    lockedUntil: timestamp.nullable().describe('Set while the account is locked after repeated failed sign-ins.'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'ConsoleUser' });

export const loginBody = z.object({ username: z.string().min(1, 'Type your username.').max(64), password: z.string().min(1, 'Type your password.').max(1024) });
export const loginResponse = z.object({ user: consoleUserSchema, csrfToken: z.string().describe('Send it as the x-csrf-token header with every change (it is also in the psync_csrf cookie).'), expiresAt: timestamp });

export const meResponse = z.object({ kind: z.enum(['user', 'token']), id: z.string(), name: z.string(), permissions: z.array(permissionSchema) });

export const createUserBody = z.object({ username: usernameSchema, displayName: z.string().trim().min(1).max(128).optional(), password: newPasswordSchema, permissions: z.array(permissionSchema).default([]) });
export const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(128).optional(),
    permissions: z.array(permissionSchema).optional(),
    disabled: z.boolean().optional(),
    password: newPasswordSchema.optional(),
    unlock: z.literal(true).optional().describe('Clears a lockout after failed sign-ins.'),
  })
  .refine((v) => Object.keys(v).length > 0, 'Name at least one thing to change.');
export const userParams = z.object({ userId: idSchema });

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    permissions: z.array(permissionSchema),
    createdBy: z.string(),
    createdAt: timestamp,
    expiresAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });
export const createTokenBody = z.object({
  name: z.string().trim().min(1, 'Name the token after what uses it.').max(128),
  permissions: z.array(permissionSchema).min(1, 'Give the token at least one permission.'),
  expiresAt: timestamp.nullable().default(null),
});
export const createdTokenSchema = z.object({ token: z.string().describe('Shown once; store it now. The hub keeps only its hash.'), record: apiTokenSchema });
export const tokenParams = z.object({ tokenId: idSchema });
