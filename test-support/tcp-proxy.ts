import { once } from 'node:events';
import net from 'node:net';
import { freePort } from './processes';

/**
 * A TCP proxy in front of a server (here the machine's Postgres), on a spare port the test owns. `cut()`
 * drops every connection and refuses new ones — to the app, the server is unreachable — without stopping a
 * server other tests share; `restore()` listens again on the same port.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.restore();
    return proxy;
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = once(server, 'close');
    server.close();
    for (const socket of this.sockets) socket.destroy();
    const timer = setTimeout(() => {
      server.emit(
        'error',
        new Error(`the proxy still holds ${this.sockets.size} connection(s) 5 s after cut()`),
      );
    }, 5000);
    try {
      await closed;
    } finally {
      clearTimeout(timer);
    }
  }
}
