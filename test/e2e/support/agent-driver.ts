/**
 * Simulated agents acting at random (the demo's seeded behaviour) on both sides: CXone through the
 * emulator's control surface, Salesforce through their Omni-Channel consoles. Bounded: a fixed
 * number of ticks.
 */
import { AgentBehaviour, seededRandom, type AgentAction } from '../../../demo/agent-behaviour.ts';
import { STATUS_LABELS, type DemoAgent } from '../../../demo/demo-world.ts';
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

const CATALOGUE = { codeNames: ['Lunch', 'Break'], onlineStatusLabels: [STATUS_LABELS.available], busyStatusLabels: [STATUS_LABELS.busy, STATUS_LABELS.break] };

/** Runs the agents for `ticks` ticks; returns how many actions they took. */
export async function driveAgents(e2e: E2e<HubHandle>, agents: readonly DemoAgent[], options: DriveOptions): Promise<number> {
  const random = seededRandom(options.seed);
  const start = Date.now();
  const people = agents.map((agent) => ({ agent, behaviour: new AgentBehaviour(random, CATALOGUE, start, options.meanGapMs) }));
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

/** What the demo's agents do (demo/main.ts), through the harness so that console events are recorded. */
export function perform(e2e: E2e<HubHandle>, agent: DemoAgent, action: AgentAction): void {
  const cx = e2e.cx;
  const id = agent.cxoneAgentId;
  try {
    switch (action.kind) {
      case 'login':
        cx.login(id);
        cx.setState(id, 'Available');
        if (!e2e.console(agent)) e2e.openConsole(agent);
        return;
      case 'start_contact':
        cx.startContact(id, 'inbound');
        return;
      case 'end_contact':
        cx.endContact(id);
        return;
      case 'cxone_unavailable':
        cx.setState(id, 'Unavailable', Number(e2e.world.codes[action.codeName]));
        return;
      case 'cxone_available':
        cx.setState(id, 'Available');
        return;
      case 'salesforce_status':
        e2e.console(agent)?.agentSets(action.statusLabel.replace(/ /g, '_'));
        return;
      case 'close_console':
        e2e.closeConsole(agent);
        return;
      case 'open_console':
        e2e.openConsole(agent);
        return;
    }
  } catch {
    // A click the platform refuses (a state while logged out, a second contact) changes nothing.
  }
}
