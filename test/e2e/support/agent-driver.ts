/**
 * Simulated agents acting at random (the demo's seeded behaviour) on both sides: CXone through the
 * emulator's control surface, Salesforce through their Omni-Channel consoles. Bounded: a fixed
 * number of ticks.
 */
import { AgentBehaviour, seededRandom, type AgentAction } from '../../../demo/agent-behaviour.ts';
import { DEMO_CATALOGUE, performAction } from '../../../demo/agent-actions.ts';
import type { DemoAgent } from '../../../demo/demo-world.ts';
import type { E2e, HubHandle } from './e2e-hub.ts';

export interface DriveOptions {
  readonly seed: number;
  readonly ticks: number;
  readonly tickMs: number;
  /** Mean time between one agent's actions. */
  readonly meanGapMs: number;
  /** Called after every tick (e.g. to kill the hub mid-stream). */
  readonly onTick?: (tick: number) => void | Promise<void>;
}

/** Runs the agents for `ticks` ticks; returns how many actions they took. */
export async function driveAgents(e2e: E2e<HubHandle>, agents: readonly DemoAgent[], options: DriveOptions): Promise<number> {
  const random = seededRandom(options.seed);
  const start = Date.now();
  const people = agents.map((agent) => ({ agent, behaviour: new AgentBehaviour(random, DEMO_CATALOGUE, start, options.meanGapMs) }));
  let actions = 0;
  for (let tick = 0; tick < options.ticks; tick++) {
    const now = Date.now();
    for (const { agent, behaviour } of people) {
      const action = behaviour.step(now);
      if (!action) continue;
      actions++;
      perform(e2e, agent, action);
    }
    await options.onTick?.(tick);
    await new Promise((r) => setTimeout(r, options.tickMs));
  }
  return actions;
}

/** What the demo's agents do (demo/agent-actions.ts), through the harness so that console events are recorded. */
export function perform(e2e: E2e<HubHandle>, agent: DemoAgent, action: AgentAction): void {
  performAction(
    { cxone: e2e.cx, codes: e2e.world.codes, consoleOf: (a) => e2e.console(a), openConsole: (a) => void e2e.openConsole(a), closeConsole: (a) => e2e.closeConsole(a) },
    agent,
    action,
  );
}
