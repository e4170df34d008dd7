/** The console bridge client: the entry point esbuild bundles into `dist/bridge-client.js`. */
export { createBridgeClient } from './bridge-client.ts';
export type { BridgeClient, BridgeClientOptions, ClientPhase, WebSocketConstructor, WebSocketLike } from './bridge-client.ts';
export { broadcastChannelLease } from './tab-lease.ts';
export type { TabLease } from './tab-lease.ts';
export type { OmniToolkit, ToolkitStatus } from './toolkit.ts';
export { BRIDGE_PROTOCOL_VERSION } from './protocol.ts';
