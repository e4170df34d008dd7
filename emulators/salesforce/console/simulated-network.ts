import type { WebSocketConstructor, WebSocketLike } from '../../../bridge-client/bridge-client.ts';

/** A browser's network: sockets opened through it die when it drops, and none open until it is back. */
export interface SimulatedNetwork {
  readonly WebSocket: WebSocketConstructor;
  readonly up: boolean;
  drop(): void;
  restore(): void;
  /**
   * The open connections go half-open (a NAT or proxy forgot them): from now on nothing sent either
   * way arrives, and neither end is told; only a heartbeat finds out. New connections work.
   */
  halfOpen(): void;
}

export function simulatedNetwork(Base: WebSocketConstructor): SimulatedNetwork {
  let up = true;
  const open = new Set<WebSocketLike>();
  const wrappers = new Set<NetworkedSocket>();

  class NetworkedSocket implements WebSocketLike {
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    private readonly inner: WebSocketLike | undefined;
    /** Half-open: frames go nowhere, and the other end's close never arrives. */
    dead = false;

    constructor(url: string) {
      if (!up) {
        setTimeout(() => this.onclose?.({ code: 1006, reason: 'network unreachable' }), 0);
        return;
      }
      const inner = new Base(url);
      this.inner = inner;
      open.add(inner);
      wrappers.add(this);
      inner.onopen = (event) => this.onopen?.(event);
      inner.onmessage = (event) => {
        if (!this.dead) this.onmessage?.(event);
      };
      inner.onerror = (event) => this.onerror?.(event);
      inner.onclose = (event) => {
        open.delete(inner);
        if (this.dead) return;
        wrappers.delete(this);
        this.onclose?.(event);
      };
    }

    get readyState(): number {
      // A half-open connection looks open to this end until it gives up on it.
      if (this.dead) return wrappers.has(this) ? 1 : 3;
      return this.inner?.readyState ?? 3;
    }

    send(data: string): void {
      if (!this.dead) this.inner?.send(data);
    }

    close(code?: number, reason?: string): void {
      if (this.dead && wrappers.delete(this)) {
        // This end gives up on a connection that went half-open: it learns of it only now.
        setTimeout(() => this.onclose?.({ code: 1006, reason: 'connection lost' }), 0);
      }
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
    halfOpen() {
      for (const socket of wrappers) socket.dead = true;
    },
  };
}
