import type { Permission } from './permissions.ts';

/** Who is calling: a console user (session cookie) or an automation token (Bearer). */
export interface Principal {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly name: string;
  readonly permissions: ReadonlySet<Permission>;
  /** Console sessions only: the hash of the session id and its CSRF token. */
  readonly session?: { readonly idHash: string; readonly csrfToken: string };
}

export const actorOf = (principal: Principal) => ({ kind: principal.kind, id: principal.id, name: principal.name });
