import { createServer, createConnection, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** From now on forward connections (until then each one is closed at once). */
  open(): void;
  /** Cuts every forwarded connection and drops new ones until `open()`: an outage. */
  cut(): void;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:`port` (0: one the OS picks) to `target`. Started closed, it holds
 * its port but drops every connection, so a test can make a dependency appear at an
 * address only when it chooses, to prove that services wait and then connect, without
 * the port being taken by anything else meanwhile.
 */
export function startTcpProxy(
  port: number,
  target: { host: string; port: number },
  options: { open?: boolean } = {},
): Promise<TcpProxy> {
  let forwarding = options.open ?? true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    if (!forwarding) {
      inbound.destroy();
      return;
    }
    const outbound = createConnection(target);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        open: () => {
          forwarding = true;
        },
        cut: () => {
          forwarding = false;
          for (const socket of sockets) socket.destroy();
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export { freePort } from '@hookline/local-infra';
