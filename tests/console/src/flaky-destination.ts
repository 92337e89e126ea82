import { createServer, type Server } from 'node:http';
import { freePort } from '@hookline/testing';

/** A destination that answers 503 while `failing`, and 200 (keeping the body) once recovered. */
export interface FlakyDestination {
  url: string;
  failing: boolean;
  /** Bodies of the deliveries it accepted. */
  delivered: string[];
  close(): Promise<void>;
}

export async function startFlakyDestination(): Promise<FlakyDestination> {
  const port = await freePort();
  const destination: FlakyDestination = {
    url: `http://127.0.0.1:${port}/hooks`,
    failing: true,
    delivered: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (destination.failing) {
        response.writeHead(503, { 'content-type': 'text/plain' }).end('orders service unavailable');
        return;
      }
      destination.delivered.push(body);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return destination;
}
