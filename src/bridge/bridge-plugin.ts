import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { MAX_FRAME_BYTES } from '../../bridge-client/protocol.ts';
import type { BridgeHub } from './bridge-hub.ts';

export interface BridgePluginOptions {
  readonly hub: BridgeHub;
  /** Default `/bridge`. */
  readonly path?: string;
}

/**
 * The console bridge's WebSocket endpoint. Registers @fastify/websocket unless the app already has it.
 * Usage: `await app.register(bridgePlugin, { hub })`.
 */
export async function bridgePlugin(app: FastifyInstance, options: BridgePluginOptions): Promise<void> {
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  }
  app.get(options.path ?? '/bridge', { websocket: true }, (socket) => {
    const accepted = options.hub.accept({
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close(code, reason),
    });
    socket.on('message', (data, isBinary) => accepted.receive(isBinary ? data : data.toString('utf8')));
    socket.on('close', () => accepted.closed());
    socket.on('error', () => socket.terminate());
  });
}
