import { type DestinationConfig } from '@hookline/config';
import { parseDuration } from '@hookline/contracts';
import { Agent } from 'undici';
import {
  type AttemptOutcome,
  classifyStatus,
  MAX_SNIPPET_BYTES,
  retryAfter,
} from '../delivery-outcome.js';
import {
  type DeliveryAttempt,
  type DestinationDependencies,
  type DestinationKind,
} from '../destination-kind.js';
import { EgressRefusedError, guardedConnector } from '../egress/guarded-connector.js';
import { readBounded } from './read-bounded.js';
import { signRequest } from './sign-request.js';

/** Idle keep-alive connections are closed after this long. */
const KEEP_ALIVE_MS = 30_000;
/** Connections per destination when it sets no `concurrency`. */
const DEFAULT_CONNECTIONS = 16;

/**
 * `http`: POSTs the canonical event as JSON, signed per Standard Webhooks, with
 * `Idempotency-Key`, `traceparent` and the destination's own headers. One keep-alive
 * pool per destination (so a slow one cannot starve the others' sockets), a timeout
 * for the whole exchange, redirects never followed, at most `MAX_SNIPPET_BYTES` of
 * the answer read.
 */
export function httpKind({ egress }: DestinationDependencies): DestinationKind {
  const pools = new Map<string, { signature: string; agent: Agent }>();

  const poolFor = (destination: DestinationConfig): Agent => {
    const signature = `${destination.url}|${destination.concurrency ?? ''}|${destination.timeout}`;
    const existing = pools.get(destination.id);
    if (existing?.signature === signature) return existing.agent;
    if (existing) void existing.agent.close().catch(() => undefined);
    const timeoutMs = parseDuration(destination.timeout);
    const agent = new Agent({
      connect: guardedConnector(egress, { timeout: timeoutMs }),
      connections: destination.concurrency ?? DEFAULT_CONNECTIONS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    pools.set(destination.id, { signature, agent });
    return agent;
  };

  return {
    kind: 'http',
    async deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome> {
      const { destination, now } = attempt;
      const body = JSON.stringify(attempt.task.event);
      const timeoutMs = parseDuration(destination.timeout);
      const url = new URL(destination.url);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const response = await poolFor(destination).request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: {
            ...destination.headers,
            'user-agent': 'Hookline',
            'content-type': 'application/json',
            ...signRequest(destination, attempt.webhookId, now, body),
            'idempotency-key': attempt.idempotencyKey,
            ...(attempt.trace.traceparent ? { traceparent: attempt.trace.traceparent } : {}),
            ...(attempt.trace.tracestate ? { tracestate: attempt.trace.tracestate } : {}),
          },
          body,
          signal: abort.signal,
        });
        const snippet = await readBounded(response.body, MAX_SNIPPET_BYTES);
        const status = response.statusCode;
        const verdict = classifyStatus(status);
        const header = response.headers['retry-after'];
        return {
          ...verdict,
          status,
          reason: `answered ${status}`,
          ...(verdict.outcome === 'delivered' ? {} : { errorClass: 'HttpStatus' }),
          ...(snippet ? { responseSnippet: snippet } : {}),
          ...(verdict.outcome === 'transient'
            ? { retryAfter: retryAfter(Array.isArray(header) ? header[0] : header, now) }
            : {}),
        };
      } catch (error) {
        return failureOutcome(error, abort.signal.aborted, destination.timeout);
      } finally {
        clearTimeout(timer);
      }
    },
    async close(): Promise<void> {
      const agents = [...pools.values()].map((pool) => pool.agent);
      pools.clear();
      await Promise.all(agents.map((agent) => agent.destroy().catch(() => undefined)));
    },
  };
}

/** A request that got no answer: refused by policy (permanent), timed out or broken (transient). */
function failureOutcome(error: unknown, timedOut: boolean, timeout: string): AttemptOutcome {
  const refused = findCause(error, (cause) => cause instanceof EgressRefusedError);
  if (refused)
    return { outcome: 'permanent', errorClass: 'EgressRefused', reason: refused.message };
  const name = error instanceof Error ? error.name : 'Error';
  if (timedOut || /Timeout/.test(name))
    return { outcome: 'transient', errorClass: 'Timeout', reason: `timed out after ${timeout}` };
  const cause = findCause(error, (candidate) => 'code' in candidate) ?? (error as Error);
  const code = (cause as { code?: string }).code;
  return {
    outcome: 'transient',
    errorClass: 'ConnectionError',
    reason: `connection failed: ${code ? `${code} ` : ''}${cause?.message ?? String(error)}`.trim(),
  };
}

function findCause(error: unknown, test: (error: Error) => boolean): Error | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (test(current)) return current;
    current = current.cause;
  }
  return undefined;
}
