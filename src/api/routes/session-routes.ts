import { z } from 'zod';
import { okSchema } from '../schemas/common.ts';
import { loginBody, loginResponse, meResponse } from '../schemas/principals.ts';
import type { ApiServices } from '../services.ts';

export function sessionRoutes(s: ApiServices): void {
  s.routes.add({
    method: 'POST',
    path: '/auth/login',
    tag: 'Session',
    summary: 'Sign in to the console',
    description: 'Sets an HTTP-only, SameSite=Strict session cookie (Secure behind https) and a readable psync_csrf cookie. Repeated failures lock the account; too many attempts from one address are slowed down.',
    access: 'public',
    body: loginBody,
    response: loginResponse,
    handler: async ({ body, request, reply }) => {
      const result = await s.auth.login(request, reply, body.username, body.password);
      return result;
    },
  });
  s.routes.add({
    method: 'POST',
    path: '/auth/logout',
    tag: 'Session',
    summary: 'Sign out',
    access: 'authenticated',
    auditAction: 'auth.logout',
    response: okSchema,
    handler: async ({ principal, request, reply, audit }) => {
      await s.auth.logout(request, reply, principal);
      audit({ explanation: `${principal.name} signed out.` });
      return { ok: true as const };
    },
  });
  s.routes.add({
    method: 'GET',
    path: '/auth/me',
    tag: 'Session',
    summary: 'Who am I, and what may I do',
    access: 'authenticated',
    query: z.object({}),
    response: meResponse,
    handler: async ({ principal }) => ({ kind: principal.kind, id: principal.id, name: principal.name, permissions: [...principal.permissions] }),
  });
}
