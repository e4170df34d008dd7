import type { CxoneControl } from '../emulators/cxone/index.ts';
import type { SimulatedAgentConsole } from '../emulators/salesforce/console/index.ts';
import { STATUS_LABELS, type DemoAgent } from './demo-world.ts';
import type { AgentAction, BehaviourCatalogue } from './agent-behaviour.ts';

/** What the demo's people pick from: their CXone codes and the Omni-Channel statuses of the rule. */
export const DEMO_CATALOGUE: BehaviourCatalogue = { codeNames: ['Lunch', 'Break'], onlineStatusLabels: [STATUS_LABELS.available], busyStatusLabels: [STATUS_LABELS.busy, STATUS_LABELS.break] };

/** Where an agent's actions land: CXone through the emulator's control surface, Salesforce through their console. */
export interface AgentHands {
  readonly cxone: CxoneControl;
  /** CXone code id by name. */
  readonly codes: Readonly<Record<string, string>>;
  consoleOf(agent: DemoAgent): SimulatedAgentConsole | undefined;
  openConsole(agent: DemoAgent): void;
  closeConsole(agent: DemoAgent): void;
}

/** Does what a simulated agent decided to do, as a person would, in CXone or in their console. */
export function performAction(hands: AgentHands, agent: DemoAgent, action: AgentAction): void {
  const cx = hands.cxone;
  const id = agent.cxoneAgentId;
  try {
    switch (action.kind) {
      case 'login':
        cx.login(id);
        cx.setState(id, 'Available');
        if (!hands.consoleOf(agent)) hands.openConsole(agent);
        return;
      case 'start_contact':
        cx.startContact(id, 'inbound');
        return;
      case 'end_contact':
        cx.endContact(id);
        return;
      case 'cxone_unavailable':
        cx.setState(id, 'Unavailable', Number(hands.codes[action.codeName]));
        return;
      case 'cxone_available':
        cx.setState(id, 'Available');
        return;
      case 'salesforce_status':
        hands.consoleOf(agent)?.agentSets(action.statusLabel.replace(/ /g, '_'));
        return;
      case 'close_console':
        hands.closeConsole(agent);
        return;
      case 'open_console':
        hands.openConsole(agent);
        return;
    }
  } catch {
    // A click the platform refuses (a state while logged out, a second contact) changes nothing.
  }
}
