/**
 * The load balancer in front of the hub instances, as docs/multi-instance.md asks for one: a TCP
 * proxy that sends each new connection (a console's WebSocket, an API call) to the next instance
 * that is up, round robin. When an instance dies its connections die with it, and the consoles
 * reconnect to one that is up.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class Balancer {
  private backends: number[] = [];
  private next = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<Balancer> {
    const late: { balancer?: Balancer } = {};
    const server = createServer((client) => late.balancer?.forward(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the balancer has no port');
    late.balancer = new Balancer(server, address.port);
    return late.balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The ports of the instances that are up. */
  setBackends(ports: readonly number[]): void {
    this.backends = [...ports];
  }

  private forward(client: Socket): void {
    this.track(client);
    if (this.backends.length === 0) {
      client.destroy();
      return;
    }
    const port = this.backends[this.next++ % this.backends.length]!;
    const upstream = connect(port, '127.0.0.1');
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once('error', end).once('close', end);
    upstream.once('error', end).once('close', end);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
