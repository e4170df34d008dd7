import { randomUUID } from 'node:crypto';
import type { AlertDelivery, HealthProblem, Store } from '../../store/index.ts';
import type { HealthLogger } from '../monitor.ts';
import { deliver, type DeliveryOptions, type DeliveryResult } from './deliver.ts';
import { alertMessage } from './message.ts';

export interface AlertSenderOptions extends DeliveryOptions {
  readonly store: Store;
  /** Tenants whose deliveries this instance sends (those whose checks it runs). */
  readonly ownedTenants: () => readonly string[];
  /** Messages per channel per hour; what comes beyond waits and goes out as one digest. */
  readonly perHour: number;
  readonly logger: HealthLogger;
  /** Between two looks for due deliveries when nothing wakes the sender; default 5 s. */
  readonly intervalMs?: number;
}

const HOUR_MS = 3_600_000;
/** Waits before the next attempts of a failed delivery; after the last one it is given up. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/**
 * Sends the alerts the health checks queued: for each channel, the due deliveries as one message
 * (a digest when several waited), at most `perHour` messages an hour, a failed one tried again
 * with growing delays, then given up (the Health page shows it).
 */
export class AlertSender {
  readonly #options: AlertSenderOptions;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(options: AlertSenderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.#options.intervalMs ?? 5_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.idle();
  }

  /** Something was queued: send now (a call while sending runs once more after). */
  wake(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.runOnce()
      .catch((error: unknown) => this.#options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'sending alerts failed; it runs again'))
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Resolves once what is being sent now is sent. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async runOnce(): Promise<void> {
    const { store } = this.#options;
    const now = this.#now();
    const due = await store.alerts.due(this.#options.ownedTenants(), now, 500);
    const byChannel = new Map<string, AlertDelivery[]>();
    for (const d of due) {
      const key = `${d.tenantId}\u0000${d.channelId}`;
      byChannel.set(key, [...(byChannel.get(key) ?? []), d]);
    }
    for (const deliveries of byChannel.values()) await this.#sendChannel(deliveries, now);
  }

  async #sendChannel(deliveries: readonly AlertDelivery[], now: number): Promise<void> {
    const { store, logger } = this.#options;
    const { tenantId, channelId } = deliveries[0]!;
    const ids = deliveries.map((d) => d.id);
    const channel = await store.alerts.get(tenantId, channelId);
    if (!channel?.enabled) {
      await store.alerts.attemptFailed(tenantId, ids, 'The channel was switched off before the alert was sent.', null);
      return;
    }
    if ((await store.alerts.messagesSince(tenantId, channelId, now - HOUR_MS)) >= this.#options.perHour) return;
    const message = alertMessage(tenantId, channel.language, deliveries.map((d) => ({ event: d.event, problem: d.problem })));
    const result = await deliver(channel, await store.alerts.revealSecrets(tenantId, channelId), message, deliveries[0]!.id, this.#options);
    if (result.ok) {
      await store.alerts.sent(tenantId, ids, now);
      return;
    }
    const attempts = Math.max(...deliveries.map((d) => d.attempts));
    const delay = RETRY_DELAYS_MS[attempts];
    await store.alerts.attemptFailed(tenantId, ids, result.error, delay === undefined ? null : now + delay);
    logger.warn({ tenantId, channelId, kind: channel.kind, attempts: attempts + 1 }, `an alert could not be sent: ${result.error}`);
  }

  /** "Send test alert": a message through the channel now, outside the queue and its limit. */
  async sendTest(tenantId: string, channelId: string): Promise<DeliveryResult> {
    const { store } = this.#options;
    const channel = await store.alerts.get(tenantId, channelId);
    if (!channel) return { ok: false, error: `There is no alert channel "${channelId}".` };
    const now = this.#now();
    const problem: HealthProblem = {
      id: 'test',
      tenantId,
      code: 'test',
      severity: 'warning',
      affected: { agents: [], rules: [], agentCount: 0, ruleCount: 0 },
      params: {},
      openedAt: now,
      lastSeenAt: now,
      clearedAt: null,
    };
    const result = await deliver(channel, await store.alerts.revealSecrets(tenantId, channelId), alertMessage(tenantId, channel.language, [{ event: 'test', problem }]), `test-${randomUUID()}`, this.#options);
    await store.alerts.recordTest(tenantId, channelId, problem, { error: result.ok ? null : result.error }, now);
    return result;
  }
}
