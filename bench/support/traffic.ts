import type { DemoWorld } from '../../demo/demo-world.ts';
import { STATUS_LABELS } from '../../demo/demo-world.ts';
import type { BenchConsoles } from './bench-consoles.ts';
import type { CxoneProbe } from './cxone-probe.ts';
import { percentile, round, sleep } from './result.ts';

export type Direction = 'to_salesforce' | 'to_cxone';

interface Pending {
  readonly direction: Direction;
  readonly expected: string;
  readonly madeAt: number;
}

interface Applied {
  readonly direction: Direction;
  readonly at: number;
  /** From where the change entered (poll answered / console event sent) to the write applied, ms. */
  readonly e2e: number;
}

export interface PhaseFigures {
  readonly seconds: number;
  readonly offered: Record<Direction, number>;
  /** Changes made per second (below the rate asked for when the process could not keep up). */
  readonly offeredPerSecond: number;
  readonly applied: Record<Direction, number>;
  readonly perSecond: number;
  readonly perSecondByDirection: Record<Direction, number>;
  readonly e2eP50: number;
  readonly e2eP99: number;
  readonly e2eByDirection: Record<Direction, { p50: number; p99: number }>;
  /** Upstream calls per applied change: CXone state writes (emulator request log), console set-status commands. */
  readonly cxoneCallsPerApplied: number;
  readonly salesforceCallsPerApplied: number;
  readonly cxoneCalls: number;
  readonly salesforceCalls: number;
  /** Writes that matched no change the bench made (e.g. sent for an echo). */
  readonly unexpectedWrites: number;
  /** Changes still not applied when the phase gave up waiting. */
  readonly unfinished: number;
}

const both = <T>(make: (d: Direction) => T): Record<Direction, T> => ({ to_salesforce: make('to_salesforce'), to_cxone: make('to_cxone') });

/**
 * Makes agents change state the way people do, on both sides (even agents in CXone, odd agents in
 * their Omni-Channel console), and notes when each change arrives on the other side.
 */
export class Traffic {
  private readonly pending = new Map<number, Pending>();
  private readonly steps: number[];
  private readonly indexByCxone: Map<string, number>;
  private applied: Applied[] = [];
  private unexpected = 0;
  private closedLoop = false;
  private consoles!: BenchConsoles;
  private probe!: CxoneProbe;
  private readonly status: { available: string; busy: string; break: string };

  constructor(private readonly world: DemoWorld) {
    this.steps = world.agents.map(() => 0);
    this.indexByCxone = new Map(world.agents.map((a, i) => [String(a.cxoneAgentId), i]));
    const id = (label: string) => world.org.statuses[label.replace(/ /g, '_')]!;
    this.status = { available: id(STATUS_LABELS.available), busy: id(STATUS_LABELS.busy), break: id(STATUS_LABELS.break) };
  }

  get availableStatusId(): string {
    return this.status.available;
  }

  attach(consoles: BenchConsoles, probe: CxoneProbe): void {
    this.consoles = consoles;
    this.probe = probe;
  }

  /** The CXone emulator answered a state write. */
  readonly cxoneWritten = (agentId: string, body: { state?: string; outStateId?: number | string } | undefined, at: number): void => {
    const index = this.indexByCxone.get(agentId);
    const key = body?.state === 'Available' ? 'Available' : `U:${String(body?.outStateId ?? '')}`;
    this.settle(index, 'to_cxone', key, at);
  };

  /** A console applied a set-status command. */
  readonly salesforceApplied = (index: number, statusId: string, at: number): void => {
    this.settle(index, 'to_salesforce', statusId.slice(0, 15), at);
  };

  /**
   * Waits until no write has been made and `activity` (e.g. the hub's decision count) has not moved
   * for `quietMs` (initial sync, earlier phases), at most `timeoutMs`.
   */
  async quiet(quietMs: number, timeoutMs: number, activity: () => number = () => 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    let since = Date.now();
    while (Date.now() < deadline) {
      const now = this.probe.writes + this.consoles.commands + activity();
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return;
      await sleep(50);
    }
  }

  /**
   * Both sides busy: every even agent changes in CXone again as soon as its last change reached
   * Salesforce (as many changes as the system can take), while odd agents change in their consoles
   * at `toCxonePerSecond`.
   */
  async saturate(options: { readonly seconds: number; readonly toCxonePerSecond: number; readonly drainMs: number }): Promise<PhaseFigures> {
    const begin = this.begin();
    this.closedLoop = true;
    for (let i = 0; i < this.world.agents.length; i += 2) if (this.usable(i)) this.change(i);
    await this.pace(options.seconds, 0, options.toCxonePerSecond);
    this.closedLoop = false;
    const end = performance.now();
    await this.drain(options.drainMs);
    return this.figures(begin, end, (a) => a.at <= end);
  }

  /** An even rate of changes: `perSecond` in all, `toCxonePerSecond` of them made in consoles. */
  async steady(options: { readonly perSecond: number; readonly toCxonePerSecond: number; readonly seconds: number; readonly drainMs: number }): Promise<PhaseFigures> {
    const begin = this.begin();
    await this.pace(options.seconds, options.perSecond - options.toCxonePerSecond, options.toCxonePerSecond);
    const end = performance.now();
    await this.drain(options.drainMs);
    return this.figures(begin, end, () => true);
  }

  /** Makes changes at these rates for `seconds`, skipping agents whose last change is still on its way. */
  private async pace(seconds: number, toSalesforcePerSecond: number, toCxonePerSecond: number): Promise<void> {
    const tickMs = 10;
    const n = this.world.agents.length;
    const next = (from: number): number | undefined => {
      for (let k = 0; k < n; k += 2) {
        const i = (from + k) % n;
        if (i % 2 === from % 2 && !this.pending.has(i) && this.usable(i)) return i;
      }
      return undefined;
    };
    let even = 0;
    let odd = 1;
    let madeSf = 0;
    let madeCx = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    // Owed changes follow the clock, so a busy event loop delays changes but does not drop them.
    for (let now = started; now < until; now = performance.now()) {
      const elapsed = (now - started) / 1000;
      for (; madeSf < toSalesforcePerSecond * elapsed; madeSf++) {
        const i = next(even);
        if (i === undefined) break;
        this.change(i);
        even = (i + 2) % n;
      }
      for (; madeCx < toCxonePerSecond * elapsed; madeCx++) {
        const i = next(odd);
        if (i === undefined) break;
        this.change(i);
        odd = (i + 2) % n;
      }
      await sleep(tickMs);
    }
  }

  private begin(): { at: number; consoleCommands: number; offered: Record<Direction, number> } {
    this.applied = [];
    this.unexpected = 0;
    this.offered = both(() => 0);
    this.world.cxone.control.clearRequests();
    return { at: performance.now(), consoleCommands: this.consoles.commands, offered: this.offered };
  }

  private offered: Record<Direction, number> = both(() => 0);

  private async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(20);
  }

  private figures(begin: { at: number; consoleCommands: number }, end: number, counted: (a: Applied) => boolean): PhaseFigures {
    const seconds = (end - begin.at) / 1000;
    const inWindow = this.applied.filter(counted);
    const of = (d: Direction) => this.applied.filter((a) => a.direction === d);
    const cxoneCalls = this.world.cxone.control.requests({ method: 'POST' }).filter((r) => /\/agents\/\d+\/state$/.test(r.path)).length;
    const salesforceCalls = this.consoles.commands - begin.consoleCommands;
    const e2e = this.applied.map((a) => a.e2e);
    const figures: PhaseFigures = {
      seconds: round(seconds, 2),
      offered: { ...this.offered },
      offeredPerSecond: round((this.offered.to_salesforce + this.offered.to_cxone) / seconds, 1),
      applied: both((d) => of(d).length),
      perSecond: round(inWindow.length / seconds, 1),
      perSecondByDirection: both((d) => round(inWindow.filter((a) => a.direction === d).length / seconds, 1)),
      e2eP50: round(percentile(e2e, 50)),
      e2eP99: round(percentile(e2e, 99)),
      e2eByDirection: both((d) => ({ p50: round(percentile(of(d).map((a) => a.e2e), 50)), p99: round(percentile(of(d).map((a) => a.e2e), 99)) })),
      cxoneCallsPerApplied: round(cxoneCalls / Math.max(1, of('to_cxone').length)),
      salesforceCallsPerApplied: round(salesforceCalls / Math.max(1, of('to_salesforce').length)),
      cxoneCalls,
      salesforceCalls,
      unexpectedWrites: this.unexpected,
      unfinished: this.pending.size,
    };
    this.pending.clear();
    return figures;
  }

  /** Agents whose console did not connect take no part. */
  private usable(index: number): boolean {
    return this.consoles.isActive(index);
  }

  private change(index: number): void {
    const step = ++this.steps[index]!;
    const agent = this.world.agents[index]!;
    const madeAt = performance.now();
    if (index % 2 === 0) {
      const lunch = step % 2 === 1;
      this.pending.set(index, { direction: 'to_salesforce', expected: (lunch ? this.status.busy : this.status.available).slice(0, 15), madeAt });
      if (lunch) this.world.cxone.control.setState(agent.cxoneAgentId, 'Unavailable', Number(this.world.codes.Lunch));
      else this.world.cxone.control.setState(agent.cxoneAgentId, 'Available');
      this.offered.to_salesforce++;
    } else {
      const busy = step % 2 === 1;
      this.pending.set(index, { direction: 'to_cxone', expected: `U:${busy ? this.world.codes.Lunch! : this.world.codes.Break!}`, madeAt });
      this.consoles.agentSets(index, busy ? this.status.busy : this.status.break);
      this.offered.to_cxone++;
    }
  }

  private settle(index: number | undefined, direction: Direction, key: string, at: number): void {
    const pending = index === undefined ? undefined : this.pending.get(index);
    if (index === undefined || !pending || pending.direction !== direction || pending.expected !== key) {
      this.unexpected++;
      return;
    }
    this.pending.delete(index);
    const entered = direction === 'to_salesforce' ? (this.probe.enteredAt(pending.madeAt) ?? at) : pending.madeAt;
    this.applied.push({ direction, at, e2e: at - entered });
    if (this.closedLoop) setImmediate(() => this.closedLoop && !this.pending.has(index) && this.usable(index) && this.change(index));
  }
}
