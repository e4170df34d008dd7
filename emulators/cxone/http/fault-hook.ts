import type { FastifyReply, FastifyRequest } from 'fastify';
import { CxoneError } from '../errors.ts';
import type { FaultAction } from '../faults.ts';
import type { World } from '../world.ts';

/** The fault actions that matched a request and are left for its handler (the states feed's row faults). */
export const faultsOf = new WeakMap<FastifyRequest, FaultAction[]>();

/** Applies the scripted faults matching the request: delay, drop the connection, or answer with an error. */
export async function applyFaults(world: World, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actions = world.faults.take(request.method, request.url.split('?')[0] ?? '');
  if (actions.length === 0) return;
  const passOn: FaultAction[] = [];
  for (const action of actions) {
    if (action.type === 'latency') await new Promise((resolve) => setTimeout(resolve, action.ms));
    else if (action.type === 'drop') {
      const [path = '', query = ''] = request.url.split('?');
      world.requests.add({ method: request.method, path, query, status: 0, at: world.now() });
      reply.hijack();
      request.raw.socket.destroy();
      return;
    } else if (action.type === 'status') {
      const headers: Record<string, string> = {};
      if (action.retryAfterSeconds !== undefined) headers['Retry-After'] = String(action.retryAfterSeconds);
      const error = action.status === 429 ? 'TooManyRequests' : action.status === 401 ? 'invalid_token' : 'ServiceUnavailable';
      throw new CxoneError(action.status, action.body ?? { error, error_description: `Emulated fault: HTTP ${action.status}.` }, headers);
    } else passOn.push(action);
  }
  faultsOf.set(request, passOn);
}
