import type { CxoneEmulator } from '../../emulators/cxone/index.ts';
import type { BenchConsoles } from './bench-consoles.ts';
import { CxoneObserver, type CxoneStateKey } from './cxone-observer.ts';
import { percentile, round, sleep } from './result.ts';

export type Direction = 'to_salesforce' | 'to_cxone';

/** An agent taking part: linked, with a console open. Even indexes change in CXone, odd ones in their console. */
export interface TrafficAgent {
  /** The CXone tenant (whose polls bring the agent's changes to a hub). */
  readonly cxoneTenantId: string;
  readonly cxoneAgentId: number;
  /** The org's status IDs the traffic uses (first 15 characters compared). */
  readonly statuses: { readonly available: string; readonly busy: string; readonly break: string };
  /** The CXone code IDs the rule maps those statuses to. */
  readonly codes: { readonly lunch: string; readonly break: string };
}

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
  /** Length of the phase's window (changes made in it), s. */
  readonly seconds: number;
  /** Changes made, by direction: the load really offered. */
  readonly offered: Record<Direction, number>;
  /** Changes made per second (below the rate asked for when the agents' last changes were still on their way). */
  readonly offeredPerSecond: number;
  /** Changes applied, by direction, in the window and after it while the phase drained. */
  readonly applied: Record<Direction, number>;
  /** Changes applied within the window per second: what was achieved. */
  readonly perSecond: number;
  readonly perSecondByDirection: Record<Direction, number>;
  /** How long after the window the last change was applied, s (0 when all were in before it closed). */
  readonly drainedSeconds: number;
  readonly e2eP50: number;
  readonly e2eP99: number;
  readonly e2eByDirection: Record<Direction, { p50: number; p99: number }>;
  /** Upstream calls per applied change: CXone state writes the emulator answered, console set-status commands. */
  readonly cxoneCallsPerApplied: number;
  readonly salesforceCallsPerApplied: number;
  readonly cxoneCalls: number;
  readonly salesforceCalls: number;
  /** Writes that matched no change made (a change written twice, or a write for an echo). */
  readonly unexpectedWrites: number;
  /** Changes made and never applied by the end of the drain: lost, unless the drain was too short. */
  readonly unfinished: number;
}

const both = <T>(make: (d: Direction) => T): Record<Direction, T> => ({ to_salesforce: make('to_salesforce'), to_cxone: make('to_cxone') });

/**
 * Makes agents change state the way people do, on both sides (even agents in CXone, through the
 * emulator's control surface; odd agents in their Omni-Channel console), and notes when each change
 * arrives on the other side (the CXone emulator answering the write, the console's toolkit being
 * called). Runs in the benchmark's process, never in a hub's.
 */
export class Traffic {
  private readonly pending = new Map<number, Pending>();
  private readonly steps: number[];
  private readonly indexByCxone: Map<number, number>;
  /** Agents with no change on its way, by parity, oldest first. */
  private readonly idle: [number[], number[]] = [[], []];
  private applied: Applied[] = [];
  private unexpected = 0;
  private closedLoop = false;
  private offered: Record<Direction, number> = both(() => 0);
  private readonly observer: CxoneObserver;

  constructor(
    private readonly agents: readonly TrafficAgent[],
    private readonly cxone: CxoneEmulator,
    private readonly consoles: BenchConsoles,
  ) {
    this.steps = agents.map(() => 0);
    this.indexByCxone = new Map(agents.map((a, i) => [a.cxoneAgentId, i]));
    for (let i = 0; i < agents.length; i++) this.idle[i % 2]!.push(i);
    this.observer = new CxoneObserver(cxone, this.cxoneWritten);
  }

  close(): void {
    this.observer.close();
  }

  /** Changes on their way now. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** The console applied a set-status command (BenchConsoles' `onApplied`). */
  readonly salesforceApplied = (index: number, statusId: string, at: number): void => {
    this.settle(index, 'to_salesforce', statusId.slice(0, 15), at);
  };

  /**
   * Waits until no write has been made and `activity` (e.g. the hubs' decision count) has not moved
   * for `quietMs` (initial sync, earlier phases), at most `timeoutMs`.
   */
  async quiet(quietMs: number, timeoutMs: number, activity: () => Promise<number> = async () => 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    let since = Date.now();
    while (Date.now() < deadline) {
      const now = this.observer.writes + this.consoles.commands + (await activity());
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return;
      await sleep(Math.min(250, quietMs / 4));
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
    for (let i = 0; i < this.agents.length; i += 2) if (!this.pending.has(i) && this.usable(i)) this.change(i);
    await this.pace(options.seconds, 0, options.toCxonePerSecond);
    this.closedLoop = false;
    const end = performance.now();
    await this.drain(options.drainMs);
    return this.figures(begin, end);
  }

  /** An even rate of changes: `perSecond` in all, `toCxonePerSecond` of them made in consoles. */
  async steady(options: { readonly perSecond: number; readonly toCxonePerSecond: number; readonly seconds: number; readonly drainMs: number }): Promise<PhaseFigures> {
    const begin = this.begin();
    await this.pace(options.seconds, options.perSecond - options.toCxonePerSecond, options.toCxonePerSecond);
    const end = performance.now();
    await this.drain(options.drainMs);
    return this.figures(begin, end);
  }

  /** Makes changes at these rates for `seconds`, skipping agents whose last change is still on its way. */
  private async pace(seconds: number, toSalesforcePerSecond: number, toCxonePerSecond: number): Promise<void> {
    const tickMs = 10;
    let madeSf = 0;
    let madeCx = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    // Owed changes follow the clock, so a busy event loop delays changes but does not drop them.
    for (let now = started; now < until; now = performance.now()) {
      const elapsed = (now - started) / 1000;
      for (; madeSf < toSalesforcePerSecond * elapsed; madeSf++) if (!this.changeNext(0)) break;
      for (; madeCx < toCxonePerSecond * elapsed; madeCx++) if (!this.changeNext(1)) break;
      await sleep(tickMs);
    }
  }

  /** Changes the agent of this parity idle the longest; false when none is. */
  private changeNext(parity: 0 | 1): boolean {
    const queue = this.idle[parity]!;
    for (let tries = queue.length; tries > 0; tries--) {
      const i = queue.shift()!;
      if (this.pending.has(i)) continue;
      if (!this.usable(i)) {
        queue.push(i);
        continue;
      }
      this.change(i);
      return true;
    }
    return false;
  }

  private begin(): { at: number; consoleCommands: number; cxoneCalls: number } {
    this.applied = [];
    this.unexpected = 0;
    this.offered = both(() => 0);
    const at = performance.now();
    this.observer.forgetPolls(at - 60_000);
    return { at, consoleCommands: this.consoles.commands, cxoneCalls: this.observer.calls };
  }

  private async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(20);
  }

  private figures(begin: { at: number; consoleCommands: number; cxoneCalls: number }, end: number): PhaseFigures {
    const seconds = (end - begin.at) / 1000;
    const inWindow = this.applied.filter((a) => a.at <= end);
    const of = (d: Direction) => this.applied.filter((a) => a.direction === d);
    const cxoneCalls = this.observer.calls - begin.cxoneCalls;
    const salesforceCalls = this.consoles.commands - begin.consoleCommands;
    const e2e = this.applied.map((a) => a.e2e);
    const last = this.applied.reduce((max, a) => Math.max(max, a.at), end);
    const figures: PhaseFigures = {
      seconds: round(seconds, 2),
      offered: { ...this.offered },
      offeredPerSecond: round((this.offered.to_salesforce + this.offered.to_cxone) / seconds, 1),
      applied: both((d) => of(d).length),
      perSecond: round(inWindow.length / seconds, 1),
      perSecondByDirection: both((d) => round(inWindow.filter((a) => a.direction === d).length / seconds, 1)),
      drainedSeconds: round((last - end) / 1000, 2),
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
    // What did not arrive is counted once, here; its agent takes part again.
    for (const index of this.pending.keys()) this.idle[index % 2]!.push(index);
    this.pending.clear();
    return figures;
  }

  /** Agents whose console did not connect take no part. */
  private usable(index: number): boolean {
    return this.consoles.isActive(index);
  }

  private change(index: number): void {
    const step = ++this.steps[index]!;
    const agent = this.agents[index]!;
    const madeAt = performance.now();
    if (index % 2 === 0) {
      const lunch = step % 2 === 1;
      this.pending.set(index, { direction: 'to_salesforce', expected: (lunch ? agent.statuses.busy : agent.statuses.available).slice(0, 15), madeAt });
      if (lunch) this.cxone.control.setState(agent.cxoneAgentId, 'Unavailable', Number(agent.codes.lunch));
      else this.cxone.control.setState(agent.cxoneAgentId, 'Available');
      this.offered.to_salesforce++;
    } else {
      const busy = step % 2 === 1;
      this.pending.set(index, { direction: 'to_cxone', expected: `U:${busy ? agent.codes.lunch : agent.codes.break}`, madeAt });
      this.consoles.agentSets(index, busy ? agent.statuses.busy : agent.statuses.break);
      this.offered.to_cxone++;
    }
  }

  /** The CXone emulator answered a state write. */
  private readonly cxoneWritten = (agentId: number, state: CxoneStateKey, at: number): void => {
    this.settle(this.indexByCxone.get(agentId), 'to_cxone', state, at);
  };

  private settle(index: number | undefined, direction: Direction, key: string, at: number): void {
    const pending = index === undefined ? undefined : this.pending.get(index);
    if (index === undefined || !pending || pending.direction !== direction || pending.expected !== key) {
      this.unexpected++;
      return;
    }
    this.pending.delete(index);
    const agent = this.agents[index]!;
    const entered = direction === 'to_salesforce' ? (this.observer.enteredAt(agent.cxoneTenantId, pending.madeAt) ?? at) : pending.madeAt;
    this.applied.push({ direction, at, e2e: at - entered });
    if (!this.closedLoop || direction !== 'to_salesforce') return void this.idle[index % 2]!.push(index);
    setImmediate(() => {
      if (this.pending.has(index)) return;
      if (this.closedLoop && this.usable(index)) this.change(index);
      else this.idle[index % 2]!.push(index);
    });
  }
}
