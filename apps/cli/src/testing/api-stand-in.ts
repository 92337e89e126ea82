import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface StandInRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
}

/**
 * A stand-in for the operator API in tests of the client's own logic (exit codes,
 * JSON output, polling): answers each request through `answer` and keeps it.
 */
export class ApiStandIn {
  readonly requests: StandInRequest[] = [];
  answer: (request: StandInRequest) => StandInAnswer = () => ({ status: 404 });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ApiStandIn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const standIn = new ApiStandIn(server, `http://127.0.0.1:${address.port}`);
    server.on('request', async (incoming, response) => {
      const request: StandInRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        authorization: incoming.headers.authorization,
        body: await readJson(incoming),
      };
      standIn.requests.push(request);
      const { status, body } = standIn.answer(request);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    });
    return standIn;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
