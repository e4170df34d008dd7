/**
 * The run's people: simulated agents acting at random (the demo's seeded behaviour) on both sides,
 * CXone through its control surface and Salesforce through their Omni-Channel consoles, whose
 * bridges connect to the hub through the balancer. Counts the changes they made from the
 * platforms' own logs.
 */
import { WebSocket } from 'ws';
import { AgentBehaviour, seededRandom } from '../../../demo/agent-behaviour.ts';
import { DEMO_CATALOGUE, performAction } from '../../../demo/agent-actions.ts';
import type { DemoAgent, DemoWorld } from '../../../demo/demo-world.ts';
import { ConsoleFleet, type SimulatedAgentConsole } from '../../../emulators/salesforce/console/index.ts';

/** Salesforce presence-log reasons of the hub's own writes (through the toolkit). */
export const HUB_REASONS: ReadonlySet<string> = new Set(['OmniToolkitStatusChange', 'OmniToolkitLogout']);

export class ChaosAgents {
  readonly fleet: ConsoleFleet;
  private readonly cxSeqBefore: number;
  private readonly sfSeqBefore: number;
  private counted = { cxSeq: 0, sfSeq: 0, changes: 0 };

  constructor(
    private readonly world: DemoWorld,
    options: { readonly hubUrl: string; readonly bridgeSecret: string },
  ) {
    this.fleet = new ConsoleFleet({
      control: world.salesforce.control,
      hubUrl: `${options.hubUrl.replace(/^http/, 'ws')}/bridge`,
      bridgeSecrets: { [world.org.id]: options.bridgeSecret },
      WebSocket: WebSocket as never,
      backoff: { baseMs: 100, maxMs: 1_000 },
    });
    this.cxSeqBefore = world.cxone.control.changes().at(-1)?.seq ?? 0;
    this.sfSeqBefore = world.salesforce.control.presenceChanges().at(-1)?.seq ?? 0;
    this.counted = { cxSeq: this.cxSeqBefore, sfSeq: this.sfSeqBefore, changes: 0 };
  }

  get agents(): readonly DemoAgent[] {
    return this.world.agents;
  }

  /** Where the run's records start in each platform's log. */
  get logStart(): { readonly cxone: number; readonly salesforce: number } {
    return { cxone: this.cxSeqBefore, salesforce: this.sfSeqBefore };
  }

  /** The agent's browsers that have a console tab open, oldest first. */
  browsers(agent: DemoAgent): SimulatedAgentConsole[] {
    return this.fleet.of(this.world.org.id, agent.sfUsername).filter((b) => b.tabs().length > 0);
  }

  consoleOpen(agent: DemoAgent): boolean {
    return this.browsers(agent).length > 0;
  }

  /** A second browser of the agent, whose console connects on its own (two tabs fighting over the bridge). */
  openSecondBrowser(agent: DemoAgent): SimulatedAgentConsole | undefined {
    return this.consoleOpen(agent) ? this.fleet.open(this.world.org.id, agent.sfUsername) : undefined;
  }

  /** Changes made by people (not the hub) on both platforms since the run began. */
  externalChanges(): number {
    const cx = this.world.cxone.control.changes({ tenantId: this.world.cxoneTenantId, afterSeq: this.counted.cxSeq });
    const sf = this.world.salesforce.control.presenceChanges({ orgId: this.world.org.id, afterSeq: this.counted.sfSeq });
    this.counted = {
      cxSeq: cx.at(-1)?.seq ?? this.counted.cxSeq,
      sfSeq: sf.at(-1)?.seq ?? this.counted.sfSeq,
      changes: this.counted.changes + cx.filter((c) => c.cause !== 'api').length + sf.filter((c) => !HUB_REASONS.has(c.reason)).length,
    };
    return this.counted.changes;
  }

  /** The agents act, one tick every `tickMs`, until `done()` says so; `onTick` runs after every tick. */
  async drive(options: { readonly seed: number; readonly meanGapMs: number; readonly tickMs: number; done(): boolean; onTick?(): void }): Promise<number> {
    const random = seededRandom(options.seed);
    const start = Date.now();
    const people = this.world.agents.map((agent) => ({ agent, behaviour: new AgentBehaviour(random, DEMO_CATALOGUE, start, options.meanGapMs) }));
    const hands = {
      cxone: this.world.cxone.control,
      codes: this.world.codes,
      consoleOf: (agent: DemoAgent) => this.browsers(agent).at(-1),
      openConsole: (agent: DemoAgent) => void this.fleet.open(this.world.org.id, agent.sfUsername),
      closeConsole: (agent: DemoAgent) => {
        for (const browser of this.browsers(agent)) browser.closeBrowser();
      },
    };
    let actions = 0;
    while (!options.done()) {
      const now = Date.now();
      for (const { agent, behaviour } of people) {
        const action = behaviour.step(now);
        if (!action) continue;
        actions++;
        performAction(hands, agent, action);
      }
      options.onTick?.();
      await new Promise((r) => setTimeout(r, options.tickMs));
    }
    return actions;
  }

  closeAll(): void {
    this.fleet.closeAll();
  }
}
