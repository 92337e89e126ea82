import { createServer, STATUS_CODES, type Server } from 'node:http';
import { type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { type FastifyHttpOptions, type FastifyInstance, type FastifyRequest } from 'fastify';
import { type ServiceMetrics } from '@hookline/observability';
import { type HttpOptions } from '../config/service-config.js';

/** Why the server cut a client off; one label value each. */
export type ConnectionCut =
  | 'headers_timeout'
  | 'body_timeout'
  | 'idle_timeout'
  | 'too_many_connections'
  | 'client_aborted'
  | 'malformed_request';

export type CutListener = (reason: ConnectionCut) => void;

/** Counts cuts in `hookline_http_connections_cut_total`, once the service's metrics exist. */
export class ConnectionCutMetrics {
  private counter: Counter<'reason'> | undefined;
  readonly record: CutListener = (reason) => this.counter?.inc({ reason });

  bind(metrics: ServiceMetrics): void {
    this.counter = metrics.counter(
      'hookline_http_connections_cut_total',
      'Clients cut off for being slow or too many, or gone mid-request, by reason',
      ['reason'],
    );
  }
}

/** How often Node checks header deadlines; a deadline is kept to within this. */
const DEADLINE_CHECK_INTERVAL_MS = 250;

/** Errors that only say the client is gone (reset, or ended in the middle of a request). */
const CLIENT_GONE = new Set(['ECONNRESET', 'HPE_INVALID_EOF_STATE']);

/**
 * What a client may hold, and how long:
 * - the headers must arrive within `headersTimeoutMs` of the connection or of the
 *   previous response (else 408 and close; Node enforces it);
 * - the body within the request's body deadline (`install`);
 * - an idle keep-alive connection closes after `keepAliveTimeoutMs` (Node adds its own
 *   one-second buffer);
 * - connections beyond `maxConnections` are closed as they arrive.
 * Each cut is counted by reason; a client that goes away is one debug line.
 */
export class ClientLimits {
  private readonly logger = new Logger('HttpLimits');
  /** Sockets with a request past its headers: that request's hooks count what befalls it. */
  private readonly inFlight = new WeakSet<Socket>();

  constructor(
    private readonly http: HttpOptions,
    private readonly onCut: CutListener,
  ) {}

  /** For Fastify's constructor: the server and its handler of errors before a request exists. */
  fastifyOptions(): Pick<FastifyHttpOptions<Server>, 'serverFactory' | 'clientErrorHandler'> {
    return {
      serverFactory: (handler) => {
        const server = createServer(
          {
            headersTimeout: this.http.headersTimeoutMs,
            // The body deadline depends on the route (a source may allow more): not Node's.
            requestTimeout: 0,
            keepAliveTimeout: this.http.keepAliveTimeoutMs,
            connectionsCheckingInterval: DEADLINE_CHECK_INTERVAL_MS,
          },
          handler,
        );
        server.maxConnections = this.http.maxConnections;
        server.on('drop', () => this.onCut('too_many_connections'));
        // Only idle keep-alive sockets have a timeout set (server.timeout stays 0).
        server.on('timeout', (socket: Socket) => {
          this.onCut('idle_timeout');
          socket.destroy();
        });
        return server;
      },
      clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) =>
        this.clientError(error, socket),
    };
  }

  /**
   * From the headers to the last body byte a request gets `deadlineFor(request)` (or the
   * service's `bodyTimeoutMs`). A request still sending its body then is answered 408
   * and its connection closed; if it was answered already (a 404, a 413), the
   * connection is closed.
   */
  install(
    fastify: FastifyInstance,
    deadlineFor?: (request: FastifyRequest) => number | undefined,
  ): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      const raw = request.raw;
      const socket = raw.socket;
      this.inFlight.add(socket);
      let cut = false;
      const deadlineMs = deadlineFor?.(request) ?? this.http.bodyTimeoutMs;
      const timer = setTimeout(() => {
        if (raw.complete) return; // the body is in; a slow handler is not the client's doing
        cut = true;
        this.onCut('body_timeout');
        this.logger.debug(
          `body not received within ${deadlineMs} ms: ${request.method} ${request.url}`,
        );
        if (reply.sent) {
          socket.destroy();
          return;
        }
        void reply
          .code(408)
          .header('connection', 'close')
          .send({ error: 'body_timeout', message: `body not received within ${deadlineMs} ms` });
      }, deadlineMs);
      raw.once('close', () => {
        clearTimeout(timer);
        this.inFlight.delete(socket);
        if (cut || raw.complete || reply.sent) return;
        this.onCut('client_aborted');
        this.logger.debug(`client went away mid-request: ${request.method} ${request.url}`);
      });
      done();
    });
  }

  private clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    const gone = CLIENT_GONE.has(error.code ?? '') || socket.destroyed;
    if (gone && this.inFlight.has(socket)) {
      socket.destroy();
      return;
    }
    const reason: ConnectionCut =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'headers_timeout'
        : gone
          ? 'client_aborted'
          : 'malformed_request';
    this.onCut(reason);
    this.logger.debug(`client cut off: ${reason} (${error.code ?? error.message})`);
    if (!gone && socket.writable) {
      const status = reason === 'headers_timeout' ? 408 : 400;
      const body = JSON.stringify({ error: reason, message: STATUS_CODES[status] });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  }
}
