import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { CxoneEmulator } from '../../emulators/cxone/index.ts';

/** The state a CXone write set, as the benchmark compares it: `Available`, or `U:<code id>`. */
export type CxoneStateKey = string;

interface Finished {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly server: Server;
}

const FINISHED = 'http.server.response.finish';

/**
 * Watches the CXone emulator's HTTP server from inside the benchmark's process (Node's
 * `http.server.response.finish` diagnostics channel), whoever the client is and whatever process it
 * runs in: when each states-feed poll was answered (where a change made in CXone enters the hub)
 * and when each agent-state write was answered, with the state it left the agent in (where a write
 * to CXone is applied). Times are `performance.now()` of this process.
 */
export class CxoneObserver {
  /** Agent-state writes answered, whatever the answer: the upstream calls. */
  calls = 0;
  /** Agent-state writes answered with a success. */
  writes = 0;
  private readonly polls = new Map<string, number[]>();
  private readonly port: string;

  constructor(
    private readonly cxone: CxoneEmulator,
    private readonly onWrite: (agentId: number, state: CxoneStateKey, at: number) => void,
  ) {
    this.port = new URL(cxone.url).port;
    subscribe(FINISHED, this.finished);
  }

  close(): void {
    unsubscribe(FINISHED, this.finished);
  }

  /** When the first poll of `tenantId` sent after `madeAt` was answered: where a CXone change made then entered. */
  enteredAt(tenantId: string, madeAt: number): number | undefined {
    const answered = this.polls.get(tenantId) ?? [];
    let lo = 0;
    let hi = answered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (answered[mid]! > madeAt) hi = mid;
      else lo = mid + 1;
    }
    return answered[lo];
  }

  /** Drops the poll times before `before` (they cannot be where a later change entered). */
  forgetPolls(before: number): void {
    for (const [tenant, answered] of this.polls) this.polls.set(tenant, answered.filter((at) => at >= before));
  }

  private readonly finished = (message: unknown): void => {
    const { request, response, server } = message as Finished;
    const address = server.address();
    if (typeof address !== 'object' || String(address?.port) !== this.port) return;
    const at = performance.now();
    const path = request.url?.split('?')[0] ?? '';
    if (request.method === 'GET' && path.endsWith('/agents/states') && response.statusCode < 300) {
      const tenant = tenantOfToken(request.headers.authorization);
      let answered = this.polls.get(tenant);
      if (!answered) this.polls.set(tenant, (answered = []));
      answered.push(at);
      return;
    }
    const write = request.method === 'POST' && !path.startsWith('/emulator/') ? /\/agents\/(\d+)\/state$/.exec(path) : null;
    if (!write) return;
    this.calls++;
    if (response.statusCode >= 300) return;
    this.writes++;
    const agentId = Number(write[1]);
    const agent = this.cxone.control.agent(agentId);
    this.onWrite(agentId, agent.state === 'Available' ? 'Available' : `U:${agent.outStateId}`, at);
  };
}

/** The `tenantId` claim of a CXone bearer token (the emulator's tokens carry it), without checking it. */
function tenantOfToken(authorization: string | undefined): string {
  const payload = authorization?.split(' ')[1]?.split('.')[1];
  if (!payload) return '';
  try {
    return String((JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tenantId?: unknown }).tenantId ?? '');
  } catch {
    return '';
  }
}
