import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type StandInResponder = (
  request: ReceivedRequest,
  response: ServerResponse,
) => void | Promise<void>;

export interface StandInDestination {
  /** `http://127.0.0.1:<port>` */
  url: string;
  received: ReceivedRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections: number;
  /** Resolves once `count` requests matching `path` arrived (rejects after `timeoutMs`). */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a destination: records every request, and
 * answers as `respond` says (204 when it says nothing).
 */
export async function startStandInDestination(
  respond: StandInResponder = () => {},
): Promise<StandInDestination> {
  const received: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const state = { connections: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const record = {
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(record);
      for (const wake of waiters) wake();
      void Promise.resolve(respond(record, response)).then(() => {
        if (!response.headersSent) response.writeHead(204).end();
      });
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const matching = (path: string) => received.filter((request) => request.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get connections() {
      return state.connections;
    },
    waitFor: (path, count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (matching(path).length < count) return;
          cleanup();
          resolve(matching(path));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`${path}: ${matching(path).length} of ${count} requests in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
