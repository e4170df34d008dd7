import type { WebSocketConstructor, WebSocketLike } from '../../../bridge-client/bridge-client.ts';

/** A browser's network: sockets opened through it die when it drops, and none open until it is back. */
export interface SimulatedNetwork {
  readonly WebSocket: WebSocketConstructor;
  readonly up: boolean;
  drop(): void;
  restore(): void;
}

export function simulatedNetwork(Base: WebSocketConstructor): SimulatedNetwork {
  let up = true;
  const open = new Set<WebSocketLike>();

  class NetworkedSocket implements WebSocketLike {
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    private readonly inner: WebSocketLike | undefined;

    constructor(url: string) {
      if (!up) {
        setTimeout(() => this.onclose?.({ code: 1006, reason: 'network unreachable' }), 0);
        return;
      }
      const inner = new Base(url);
      this.inner = inner;
      open.add(inner);
      inner.onopen = (event) => this.onopen?.(event);
      inner.onmessage = (event) => this.onmessage?.(event);
      inner.onerror = (event) => this.onerror?.(event);
      inner.onclose = (event) => {
        open.delete(inner);
        this.onclose?.(event);
      };
    }

    get readyState(): number {
      return this.inner?.readyState ?? 3;
    }

    send(data: string): void {
      this.inner?.send(data);
    }

    close(code?: number, reason?: string): void {
      this.inner?.close(code, reason);
    }
  }

  return {
    WebSocket: NetworkedSocket,
    get up() {
      return up;
    },
    drop() {
      up = false;
      for (const socket of open) {
        // The connection dies without a goodbye (the `ws` package can do that; a browser cannot be asked to).
        const killable = socket as WebSocketLike & { terminate?: () => void };
        if (killable.terminate) killable.terminate();
        else socket.close(4000, 'network down');
      }
    },
    restore() {
      up = true;
    },
  };
}
