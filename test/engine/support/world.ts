/**
 * Both sides as a test sees them: each agent's CXone state and Omni-Channel status, the writes the
 * hub made, and the observations each side would report back (the CXone feed row of a change,
 * the console's status-changed message for a toolkit change).
 */
import { acdStateKey, presenceKey, type AcdState, type PresenceEvent, type SalesforcePresence, type Side } from '../../../src/domain/index.ts';
import type { CxoneStateWriter, CxoneWriteResult, SalesforceStatusWriter, SalesforceWriteRequest } from '../../../src/engine/index.ts';
import type { SetStatusOutcome } from '../../../src/bridge/set-status-outcome.ts';
import type { Mailbox } from '../../../src/store/index.ts';

export interface WriteRecord {
  readonly agentId: string;
  readonly side: Side;
  readonly stateKey: string;
  readonly sourceAt: number;
  readonly generation: number;
}

export interface Delivery {
  readonly tenantId: string;
  readonly source: string;
  readonly dedupKey: string;
  readonly event: PresenceEvent;
}

type Failure = { kind: 'retryable' | 'rate_limited' | 'permanent'; retryAfterMs?: number };

export class World {
  readonly cxone = new Map<string, AcdState>();
  readonly salesforce = new Map<string, SalesforcePresence>();
  readonly writes: WriteRecord[] = [];
  /** Observations not yet delivered to the hub. */
  readonly outbox: Delivery[] = [];
  /** Failures the next writes meet, in order. */
  readonly failures: Failure[] = [];
  /** The next write applies, then never answers (the worker "crashes" mid-write). */
  hangNext = false;
  private readonly hung: (() => void)[] = [];
  private seq = 0;

  constructor(
    private readonly clock: { now(): number; advance(ms: number): void },
    private readonly mailbox: Pick<Mailbox, 'get'>,
    readonly tenantId = 't1',
  ) {}

  /** Every change happens at its own millisecond, so "observed last" is never a tie. */
  private now(): number {
    this.clock.advance(1);
    return this.clock.now();
  }

  /** An agent (or a supervisor) changes CXone: the feed reports it. */
  changeCxone(agentId: string, state: AcdState, at = this.now()): Delivery {
    this.cxone.set(agentId, state);
    return this.report({ agentId, observation: { side: 'cxone', state }, at, origin: 'cxone_feed' });
  }

  /** The agent changes status in the console: the bridge reports it. */
  changeSalesforce(agentId: string, presence: SalesforcePresence, at = this.now()): Delivery {
    this.salesforce.set(agentId, presence);
    return this.report({ agentId, observation: { side: 'salesforce', presence }, at, origin: 'console_manual' });
  }

  private report(event: PresenceEvent): Delivery {
    const side = event.observation.side;
    const key = side === 'cxone' ? acdStateKey((event.observation as { state: AcdState }).state) : presenceKey((event.observation as { presence: SalesforcePresence }).presence);
    const delivery = { tenantId: this.tenantId, source: side === 'cxone' ? 'cxone_agent_states' : 'bridge', dedupKey: `${event.agentId}/${key}/${event.at}/${++this.seq}`, event };
    this.outbox.push(delivery);
    return delivery;
  }

  private async record(agentId: string, side: Side, stateKey: string): Promise<Failure | undefined> {
    const row = await this.mailbox.get({ tenantId: this.tenantId, agentId, target: side });
    const failure = this.failures.shift();
    if (failure) return failure;
    this.writes.push({ agentId, side, stateKey, sourceAt: row?.sourceAt ?? -1, generation: row?.generation ?? -1 });
    return undefined;
  }

  private async maybeHang(): Promise<void> {
    if (!this.hangNext) return;
    this.hangNext = false;
    await new Promise<void>((resolve) => this.hung.push(resolve));
  }

  /** Lets every hung write answer (the zombie worker wakes up). */
  releaseHung(): void {
    for (const resolve of this.hung.splice(0)) resolve();
  }

  readonly cxoneWriter: CxoneStateWriter = {
    setState: async (request): Promise<CxoneWriteResult> => {
      const failure = await this.record(request.agentId, 'cxone', acdStateKey(request.state));
      if (failure) return { ok: false, failure: { ...failure, code: 'PSYNC_TEST_FAULT', message: `scripted ${failure.kind}` } };
      const before = this.cxone.get(request.agentId);
      if (!before || acdStateKey(before) !== acdStateKey(request.state)) this.changeCxone(request.agentId, request.state);
      await this.maybeHang();
      return { ok: true };
    },
  };

  readonly salesforceWriter: SalesforceStatusWriter = {
    sendSetStatus: async (request: SalesforceWriteRequest): Promise<SetStatusOutcome> => {
      const failure = await this.record(request.agentId, 'salesforce', presenceKey(request.presence));
      if (failure) return failure.kind === 'permanent' ? { kind: 'refused', commandId: 'c', why: 'scripted refusal' } : { kind: 'timed_out', commandId: 'c', why: 'no_answer' };
      const before = this.salesforce.get(request.agentId);
      if (!before || presenceKey(before) !== presenceKey(request.presence)) {
        this.salesforce.set(request.agentId, request.presence);
        const event: PresenceEvent = { agentId: request.agentId, observation: { side: 'salesforce', presence: request.presence }, at: this.now(), origin: 'console_toolkit', hubCommandId: `cmd-${request.intentId}` };
        this.outbox.push({ tenantId: this.tenantId, source: 'bridge', dedupKey: `${request.agentId}/toolkit/${++this.seq}`, event });
      }
      await this.maybeHang();
      return { kind: 'applied', commandId: `cmd-${request.intentId}`, presence: request.presence };
    },
  };
}
