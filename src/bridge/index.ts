export { bridgePlugin, type BridgePluginOptions } from './bridge-plugin.ts';
export { createBridgeHub, type AcceptedSocket, type ActiveConsole, type BridgeHub, type BridgeHubOptions, type BridgeStats } from './bridge-hub.ts';
export type { BridgeSocket } from './bridge-connection.ts';
export { generateBridgeSecret, mintBridgeToken, verifyBridgeToken, type TokenCheck, type TokenRefusal, type VerifiedToken } from './bridge-token.ts';
export { InMemoryReplayCache, type ReplayCache } from './replay-cache.ts';
export type { SetStatusOptions, SetStatusOutcome } from './set-status-outcome.ts';
export { silentLogger } from './ports.ts';
export type { AgentLinks, BridgeEvent, BridgeEventSink, BridgeLogger, BridgeSecrets, ConsoleConnected, OnConsoleConnected } from './ports.ts';
export { originOfStatusChange } from './console-events.ts';
