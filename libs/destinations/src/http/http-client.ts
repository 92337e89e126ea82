import { type DestinationConfig } from '@hookline/config';
import { parseDuration } from '@hookline/contracts';
import { Agent } from 'undici';
import {
  type AttemptOutcome,
  classifyStatus,
  MAX_SNIPPET_BYTES,
  retryAfter,
} from '../delivery-outcome.js';
import { type EgressPolicy } from '../egress/egress-policy.js';
import { EgressRefusedError, guardedConnector } from '../egress/guarded-connector.js';
import { readBounded } from './read-bounded.js';

/** Idle keep-alive connections are closed after this long. */
const KEEP_ALIVE_MS = 30_000;
/** Connections per destination when it sets no `concurrency`. */
const DEFAULT_CONNECTIONS = 16;

/**
 * POSTs for the kinds that speak HTTP: one keep-alive pool per destination (so a slow one
 * cannot starve the others' sockets), connections only where the egress policy allows,
 * a timeout for the whole exchange, redirects never followed, at most
 * `MAX_SNIPPET_BYTES` of the answer read; the answer classified into an outcome.
 */
export class HttpClient {
  private readonly pools = new Map<string, { signature: string; agent: Agent }>();

  constructor(private readonly egress: EgressPolicy) {}

  async post(
    destination: DestinationConfig,
    url: string,
    headers: Record<string, string>,
    body: string,
    now: Date,
  ): Promise<AttemptOutcome> {
    const timeoutMs = parseDuration(destination.timeout);
    const target = new URL(url);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await this.poolFor(destination, url).request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers,
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
  }

  async close(): Promise<void> {
    const agents = [...this.pools.values()].map((pool) => pool.agent);
    this.pools.clear();
    await Promise.all(agents.map((agent) => agent.destroy().catch(() => undefined)));
  }

  private poolFor(destination: DestinationConfig, url: string): Agent {
    const signature = `${url}|${destination.concurrency ?? ''}|${destination.timeout}`;
    const existing = this.pools.get(destination.id);
    if (existing?.signature === signature) return existing.agent;
    if (existing) void existing.agent.close().catch(() => undefined);
    const timeoutMs = parseDuration(destination.timeout);
    const agent = new Agent({
      connect: guardedConnector(this.egress, { timeout: timeoutMs }),
      connections: destination.concurrency ?? DEFAULT_CONNECTIONS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    this.pools.set(destination.id, { signature, agent });
    return agent;
  }
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
