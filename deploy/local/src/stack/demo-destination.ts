import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { parse } from 'yaml';
import { isPortFree } from '../process-control.js';

/** What the demo destination printed for one delivery; also what tests read. */
export interface DemoDelivery {
  destination: string;
  verified: boolean;
  type?: string;
  id?: string;
  subject?: string;
  /** Stable per (event, route): the same value twice means a repeated delivery. */
  webhookId?: string;
}

export interface DemoDestinations {
  urls: string[];
  close(): Promise<void>;
}

interface LoopbackDestination {
  id: string;
  url: URL;
  secret?: string;
}

/**
 * The example configuration delivers to http://127.0.0.1:9999/hooks. Under `npm start`
 * something should be there, so that a webhook sent as the README shows visibly arrives:
 * a small receiver per loopback destination port that checks the Standard Webhooks
 * signature and prints one line per delivery.
 */
export async function startDemoDestinations(
  configPath: string,
  log: (line: string) => void,
  onDelivery: (delivery: DemoDelivery) => void = (delivery) =>
    log(
      `destination ${delivery.destination} received ${delivery.type ?? '?'} ${delivery.id ?? ''} (subject ${delivery.subject ?? '?'}, webhook-id ${delivery.webhookId ?? '?'}, signature ${delivery.verified ? 'valid' : 'INVALID'})`,
    ),
): Promise<DemoDestinations> {
  const byPort = new Map<number, LoopbackDestination[]>();
  for (const destination of loopbackDestinations(configPath)) {
    const port = Number(destination.url.port || 80);
    byPort.set(port, [...(byPort.get(port) ?? []), destination]);
  }
  const servers: Server[] = [];
  const urls: string[] = [];
  for (const [port, destinations] of byPort) {
    if (!(await isPortFree(port))) {
      log(`demo destination: port ${port} is in use, so deliveries go to whatever listens there`);
      continue;
    }
    const server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const destination =
          destinations.find((candidate) => candidate.url.pathname === request.url) ??
          destinations[0];
        onDelivery(describe(destination, request, body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
    urls.push(...destinations.map((destination) => destination.url.toString()));
  }
  return {
    urls,
    close: async () => {
      await Promise.all(
        servers.map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))),
      );
    },
  };
}

function loopbackDestinations(configPath: string): LoopbackDestination[] {
  const document = parse(readFileSync(configPath, 'utf8')) as {
    tenants?: { destinations?: { id?: string; kind?: string; url?: string; secret?: string }[] }[];
  };
  return (document.tenants ?? []).flatMap((tenant) =>
    (tenant.destinations ?? []).flatMap((destination) => {
      if (destination.kind !== 'http' || !destination.url || !destination.id) return [];
      const url = new URL(destination.url);
      if (!['127.0.0.1', 'localhost'].includes(url.hostname)) return [];
      return [{ id: destination.id, url, secret: destination.secret }];
    }),
  );
}

function describe(
  destination: LoopbackDestination | undefined,
  request: IncomingMessage,
  body: string,
): DemoDelivery {
  let verified = false;
  let event: { type?: string; id?: string; subject?: string } = {};
  try {
    if (destination?.secret?.startsWith('whsec_')) {
      new Webhook(destination.secret).verify(body, headersOf(request));
      verified = true;
    }
  } catch {
    verified = false;
  }
  try {
    event = JSON.parse(body) as typeof event;
  } catch {
    /* not JSON: printed without a type */
  }
  return {
    destination: destination?.id ?? '?',
    verified,
    ...(event.type ? { type: event.type } : {}),
    ...(event.id ? { id: event.id } : {}),
    ...(event.subject ? { subject: event.subject } : {}),
    ...(typeof request.headers['webhook-id'] === 'string'
      ? { webhookId: request.headers['webhook-id'] }
      : {}),
  };
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(''));
  });
}
