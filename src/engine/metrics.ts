/**
 * A small Prometheus registry (counters, gauges, histograms; text exposition format 0.0.4).
 * prom-client is not a dependency and the engine needs only this much.
 */

type Labels = Readonly<Record<string, string>>;

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels, extra?: [string, string]) => {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  if (extra) pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};
const keyOf = (labels: Labels) => labelText(labels);
const num = (value: number) => (value === Infinity ? '+Inf' : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12))));

interface Metric {
  readonly name: string;
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  value(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  set(value: number, labels: Labels = {}): void {
    this.values.set(keyOf(labels), { labels, value });
  }

  value(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return lines.join('\n');
  }
}

interface Series {
  readonly labels: Labels;
  readonly counts: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, Series>();
  constructor(
    readonly name: string,
    private readonly help: string,
    /** Upper bounds, ascending; `+Inf` is implied. */
    private readonly buckets: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const at = this.buckets.findIndex((bound) => value <= bound);
    if (at >= 0) s.counts[at] = (s.counts[at] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }

  count(labels: Labels = {}): number {
    return this.series.get(keyOf(labels))?.count ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += s.counts[i] ?? 0;
        lines.push(`${this.name}_bucket${labelText(s.labels, ['le', num(bound)])} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${num(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** Seconds; from 0.5 ms (hub-added work) to a minute (end to end through a poll interval and retries). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The sync engine's metrics; one registry per hub process, rendered at `/metrics`. */
export class EngineMetrics {
  readonly decisions = new Counter('presence_sync_decisions_total', 'Decisions by outcome (write, echo, stale, noop, superseded) and the side observed.');
  readonly duplicates = new Counter('presence_sync_duplicate_events_total', 'Source events dropped as duplicates by the ingest dedup key.');
  readonly echoesSuppressed = new Counter('presence_sync_echoes_suppressed_total', "Observations recognised as the hub's own write coming back.");
  readonly hubAddedLatency = new Histogram(
    'presence_sync_hub_added_latency_seconds',
    'Hub time from receiving a change (ingest) to issuing the write upstream, by target side.',
    LATENCY_BUCKETS,
  );
  readonly endToEndLatency = new Histogram(
    'presence_sync_end_to_end_latency_seconds',
    'From the change at the source (source clock) to the write confirmed on the other side, by target side.',
    LATENCY_BUCKETS,
  );
  readonly decisionLatency = new Histogram('presence_sync_decision_latency_seconds', 'From the change at the source (source clock) to its decision at ingest.', LATENCY_BUCKETS);
  readonly writes = new Counter('presence_sync_writes_total', 'Writes by target side and result (applied, retry, dead, lost_lease).');
  readonly retries = new Counter('presence_sync_retries_total', 'Writes scheduled for another attempt, by target side.');
  readonly deadLetters = new Counter('presence_sync_dead_letters_total', 'Intents given up with a reason, by target side.');
  readonly upstreamCalls = new Counter('presence_sync_upstream_calls_total', 'Calls to an upstream API by api (cxone_set_state, bridge_set_status).');
  readonly agentsDiverged = new Gauge('presence_sync_agents_diverged', 'Agents the last reconciliation pass found out of sync, by tenant.');
  readonly reconcileUnhealed = new Gauge('presence_sync_agents_unhealed', 'Agents the last reconciliation pass could not heal, by tenant.');
  readonly inFlight = new Gauge('presence_sync_writes_in_flight', 'Writes being applied now by this instance.');

  private readonly all: readonly Metric[] = [
    this.decisions,
    this.duplicates,
    this.echoesSuppressed,
    this.decisionLatency,
    this.hubAddedLatency,
    this.endToEndLatency,
    this.writes,
    this.retries,
    this.deadLetters,
    this.upstreamCalls,
    this.agentsDiverged,
    this.reconcileUnhealed,
    this.inFlight,
  ];

  /** Prometheus text exposition (serve with `text/plain; version=0.0.4`). */
  render(): string {
    return `${this.all.map((m) => m.render()).join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
