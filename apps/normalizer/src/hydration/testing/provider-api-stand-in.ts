import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface StandInRequest {
  path: string;
  authorization: string | undefined;
  /** `performance.now()` when it arrived. */
  at: number;
}

/** What the stand-in answers one path: a status and body, or a script of them in turn. */
export type StandInAnswer = { status: number; body?: unknown } | { hang: true };

/**
 * Plays a provider's API on 127.0.0.1 for the normalizer's hydration tests: every request
 * is recorded, a request without the expected bearer token is answered 401, and each path
 * answers what `answers` scripts for it (the last answer repeats), 404 when nothing is.
 */
export class ProviderApiStandIn {
  readonly requests: StandInRequest[] = [];
  private readonly scripts = new Map<string, StandInAnswer[]>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
    private readonly token: string,
  ) {}

  static async start(token: string): Promise<ProviderApiStandIn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const standIn = new ProviderApiStandIn(server, `http://127.0.0.1:${port}`, token);
    server.on('request', (request, response) => standIn.answer(request, response));
    return standIn;
  }

  /** Answers `path` with each answer in turn, the last one from then on. */
  script(path: string, ...answers: StandInAnswer[]): void {
    this.scripts.set(path, answers);
  }

  requestsTo(path: string): StandInRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '';
    const authorization = request.headers.authorization;
    this.requests.push({ path, authorization, at: performance.now() });
    const script = this.scripts.get(path);
    const answer: StandInAnswer =
      authorization !== `Bearer ${this.token}`
        ? {
            status: 401,
            body: { status: 'error', message: 'Authentication credentials not found.' },
          }
        : script && script.length > 1
          ? script.shift()!
          : (script?.[0] ?? {
              status: 404,
              body: { status: 'error', message: 'Object not found' },
            });
    if ('hang' in answer) return; // never answers: the client's timeout is tested
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}
