/**
 * One way to declare a route: its schemas (which validate the request, shape the answer and make
 * the OpenAPI document), the permission it needs, the audit action it writes and whether it
 * honours Idempotency-Key. The registry keeps every declaration for the document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError, validationError } from './errors.ts';
import type { Principal } from './auth/principal.ts';
import type { Permission } from './auth/permissions.ts';

/** What a handler may return: the response schema's input, with read-only arrays and fields accepted (the store's shapes are read-only). */
export type Answer<T> = T extends readonly (infer U)[] ? readonly Answer<U>[] : T extends object ? { readonly [K in keyof T]: Answer<T[K]> } : T;

export type Access = Permission | 'public' | 'authenticated';

export interface RouteContext<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  /** Absent only on public routes. */
  readonly principal: Principal;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** What the audit entry of this (mutating) route says; the route calls it once it knows. */
  audit(entry: AuditNote): void;
}

export interface AuditNote {
  readonly tenantId?: string;
  readonly agentId?: string;
  readonly explanation: string;
  readonly details?: Record<string, unknown>;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path (`/tenants/:tenantId`), relative to the API's prefix. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly access: Access;
  /** Required on mutating routes: the audit action, e.g. `tenant.switches.set`. */
  readonly auditAction?: string;
  /** The handler's admin action writes its own audit entry (in its transaction): the route writes none. */
  readonly auditedByAction?: boolean;
  /** Honour Idempotency-Key (creating POSTs). */
  readonly idempotent?: boolean;
  /** Body fields that are secrets: left out of the idempotency record's fingerprint. An idempotent route must name every secret-looking field of its body. */
  readonly secretFields?: readonly string[];
  /** Audit a refused request too (as `<auditAction>.failed`, with its error code): connection checks and edits of credentials. */
  readonly auditFailures?: boolean;
  /** A POST that changes nothing (validation, dry run): needs no audit action. */
  readonly readOnly?: boolean;
  readonly body?: B;
  /** Media types the body may come as (OpenAPI); default `application/json`. */
  readonly bodyContentTypes?: readonly string[];
  readonly query?: Q;
  readonly params?: P;
  readonly response: R;
  /** Status of a success (default 200). */
  readonly status?: number;
  readonly handler: (ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<Answer<z.input<R>>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;

export interface RouteHooks {
  /** Resolves the principal; throws ApiError 401/403 (also CSRF) when the access is not met. */
  authorize(request: FastifyRequest, access: Access, mutating: boolean): Promise<Principal | undefined>;
  /** Runs the handler under Idempotency-Key when the route honours it. */
  idempotent(principal: Principal, request: FastifyRequest, route: AnyRoute, run: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown; replayed: boolean }>;
  audit(principal: Principal, route: AnyRoute, request: FastifyRequest, note: AuditNote | undefined, failed?: boolean): Promise<void>;
}

/** JSON merge patch (RFC 7396), read like JSON. */
export const MERGE_PATCH = 'application/merge-patch+json';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, part: 'body' | 'query' | 'params'): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!parsed.success) throw validationError(part, parsed.error);
  return parsed.data;
}

const SECRET_LOOKING = /password|secret|token|privatekey|apikey/i;

/** The top-level field names of a body schema (through refinements, pipes and wrappers). */
export function bodyFieldNames(schema: z.ZodType | undefined): string[] {
  const def = (schema as { def?: { shape?: Record<string, unknown>; in?: z.ZodType; innerType?: z.ZodType } } | undefined)?.def;
  if (!def) return [];
  if (def.shape) return Object.keys(def.shape);
  return bodyFieldNames(def.in ?? def.innerType);
}

/** Body fields that look like secrets but are not declared as such. */
export const undeclaredSecrets = (route: AnyRoute): string[] => bodyFieldNames(route.body).filter((f) => SECRET_LOOKING.test(f) && !(route.secretFields ?? []).includes(f));

export class RouteRegistry {
  readonly routes: AnyRoute[] = [];

  add<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<B, Q, P, R>): void {
    if (MUTATING.has(spec.method) && spec.access !== 'public' && !spec.readOnly && !spec.auditAction) throw new Error(`${spec.method} ${spec.path} mutates but declares no audit action`);
    const undeclared = spec.idempotent ? undeclaredSecrets(spec as AnyRoute) : [];
    if (undeclared.length > 0) throw new Error(`${spec.method} ${spec.path} honours Idempotency-Key but does not declare its secret fields: ${undeclared.join(', ')} (secretFields)`);
    this.routes.push(spec);
  }

  /** Registers every route on the (prefixed) fastify instance. */
  mount(app: FastifyInstance, hooks: RouteHooks): void {
    for (const route of this.routes) {
      const mutating = MUTATING.has(route.method);
      app.route({
        method: route.method,
        url: route.path,
        handler: async (request, reply) => {
          // A read-only POST acts with the caller's rights too: CSRF and Origin are checked on every cookie-authenticated write method.
          const principal = await hooks.authorize(request, route.access, mutating);
          let note: AuditNote | undefined;
          let outcome: { status: number; body: unknown; replayed: boolean };
          try {
            const params = parsePart(route.params, request.params, 'params');
            const query = parsePart(route.query, request.query, 'query');
            const body = parsePart(route.body, request.body, 'body');
            const run = async () => {
              const result = await route.handler({ body, query, params, principal: principal as Principal, request, reply, audit: (entry) => (note = entry) });
              return { status: route.status ?? 200, body: route.response.parse(result) };
            };
            outcome = principal && route.idempotent ? await hooks.idempotent(principal, request, route, run) : { ...(await run()), replayed: false };
          } catch (error) {
            if (principal && route.auditAction && route.auditFailures && error instanceof ApiError) {
              await hooks.audit(principal, route, request, { explanation: `refused (${error.code}): ${error.message}`, details: { code: error.code } }, true);
            }
            throw error;
          }
          if (principal && mutating && route.auditAction && !route.auditedByAction && !outcome.replayed) await hooks.audit(principal, route, request, note);
          // A browser route (an OAuth callback) answers with a redirect of its own.
          if (reply.sent) return reply;
          if (outcome.replayed) void reply.header('Idempotency-Replayed', 'true');
          if (outcome.status === 204) return reply.code(204).send();
          return reply.code(outcome.status).send(outcome.body);
        },
      });
    }
  }
}

export const isMutating = (method: string): boolean => MUTATING.has(method);
export { ApiError };
