export { SimulatedAgentConsole, type SimulatedConsoleOptions, type SimulatedTab } from './agent-console.ts';
export { OmniChannel, type OmniEvent } from './omni-channel.ts';
export { simulatedNetwork, type SimulatedNetwork } from './simulated-network.ts';
export { mintConsoleToken } from './bridge-token.ts';
export { ConsoleFleet, type ConsoleFleetOptions } from './console-fleet.ts';
export { ConsoleControl, type BridgeSettings, type ConsoleEventView, type ConsoleView } from './console-control.ts';
