import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** How a destination of the sink answers. */
export type SinkMode =
  | { kind: 'ok' }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'slow'; delayMs: number };

export interface Effect {
  webhookId: string;
  at: number;
}

/**
 * A local destination that records every effect: `POST /d/<destination id>` answered 2xx
 * is one effect of (destination, Idempotency-Key). A repeat with the same `webhook-id` is
 * a redelivery a receiver recognises (Hookline's crash window); a second `webhook-id` for
 * the same key would be a duplicate effect.
 */
export class RecordingSink {
  readonly effects = new Map<string, Map<string, Effect[]>>();
  /** Requests per destination and answer (`200`, `503`, `hang`, …). */
  readonly answers = new Map<string, Map<string, number>>();
  private readonly modes = new Map<string, SinkMode>();
  private readonly hanging = new Set<ServerResponse>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<RecordingSink> {
    const started: { sink?: RecordingSink } = {};
    const server = createServer((request, response) => started.sink?.handle(request, response));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    started.sink = new RecordingSink(server, (server.address() as AddressInfo).port);
    return started.sink;
  }

  url(destinationId: string): string {
    return `http://127.0.0.1:${this.port}/d/${destinationId}`;
  }

  setMode(destinationId: string, mode: SinkMode): void {
    this.modes.set(destinationId, mode);
    if (mode.kind !== 'hang') {
      for (const response of this.hanging) response.destroy();
      this.hanging.clear();
    }
  }

  /** The effects one destination took for `key` (empty: none). */
  effectsOf(destinationId: string, key: string): Effect[] {
    return this.effects.get(destinationId)?.get(key) ?? [];
  }

  answered(destinationId: string, answer: string): number {
    return this.answers.get(destinationId)?.get(answer) ?? 0;
  }

  close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private count(destinationId: string, answer: string): void {
    const byAnswer = this.answers.get(destinationId) ?? new Map<string, number>();
    byAnswer.set(answer, (byAnswer.get(answer) ?? 0) + 1);
    this.answers.set(destinationId, byAnswer);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const destinationId = /^\/d\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? 'unknown';
    request.resume();
    request.on('end', () => {
      const mode = this.modes.get(destinationId) ?? { kind: 'ok' };
      if (mode.kind === 'hang') {
        this.count(destinationId, 'hang');
        this.hanging.add(response);
        response.once('close', () => this.hanging.delete(response));
        return;
      }
      if (mode.kind === 'status') {
        this.count(destinationId, String(mode.status));
        response.writeHead(mode.status).end();
        return;
      }
      const answer = () => {
        this.record(destinationId, request);
        this.count(destinationId, '200');
        response.writeHead(200).end();
      };
      if (mode.kind === 'slow') setTimeout(answer, mode.delayMs);
      else answer();
    });
  }

  private record(destinationId: string, request: IncomingMessage): void {
    const key = String(request.headers['idempotency-key'] ?? '');
    const webhookId = String(request.headers['webhook-id'] ?? '');
    const byKey = this.effects.get(destinationId) ?? new Map<string, Effect[]>();
    byKey.set(key, [...(byKey.get(key) ?? []), { webhookId, at: Date.now() }]);
    this.effects.set(destinationId, byKey);
  }
}
