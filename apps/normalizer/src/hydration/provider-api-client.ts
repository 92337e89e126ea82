import { type SourceHydration } from '@hookline/config';
import { parseDuration } from '@hookline/contracts';
import { type HydrationFetch } from '@hookline/providers';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { RateLimiter } from 'limiter';
import { Pool } from 'undici';
import { HydrationRefused, HydrationUnavailable } from './hydration-errors.js';
import { type HydrationMetrics, type HydrationOutcome } from './hydration-metrics.js';

/** Objects larger than this are refused rather than held in memory. */
const MAX_OBJECT_BYTES = 5 * 1_048_576;
const KEEP_ALIVE_MS = 30_000;
const CONNECTIONS = 8;

/** An answer worth another attempt: 429, 5xx, a network error. */
class RetryableAnswer extends Error {
  constructor(
    readonly outcome: HydrationOutcome,
    message: string,
    /** From `Retry-After`, epoch ms. */
    readonly notBefore?: number,
  ) {
    super(message);
  }
}

export interface ProviderApiSource {
  provider: string;
  sourceId: string;
  /** The provider hydrator's default, when the source names none. */
  defaultApiBaseUrl: string;
  hydrate: SourceHydration;
}

/**
 * One source's reads from its provider's API: `GET` with the source's bearer token on a
 * keep-alive pool, each attempt through the source's token bucket and under its timeout,
 * transient failures (429, 5xx, network, timeout) retried with exponential backoff and
 * jitter behind a circuit breaker. What it cannot read becomes a typed error naming
 * provider, source and object: `HydrationRefused` (permanent) or `HydrationUnavailable`
 * (transient, the retry tier's job).
 */
export class ProviderApiClient {
  private readonly origin: URL;
  /** The base URL's own path (a proxy's prefix), before each fetch's. */
  private readonly basePath: string;
  private readonly pool: Pool;
  private readonly limiter: RateLimiter;
  /** Retries around the breaker; each attempt waits for a token, then runs under the timeout. */
  private readonly policy;
  private readonly deadline;
  private readonly halfOpenAfterMs: number;

  constructor(
    private readonly source: ProviderApiSource,
    private readonly metrics: HydrationMetrics,
  ) {
    const { hydrate } = source;
    this.origin = new URL(hydrate.apiBaseUrl ?? source.defaultApiBaseUrl);
    this.basePath = this.origin.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin.origin, {
      connections: CONNECTIONS,
      keepAliveTimeout: KEEP_ALIVE_MS,
    });
    this.limiter = new RateLimiter({
      tokensPerInterval: hydrate.rateLimit.perSecond,
      interval: 'second',
    });
    this.halfOpenAfterMs = parseDuration(hydrate.circuitBreaker.halfOpenAfter);
    const transient = handleWhen(
      (error) => error instanceof RetryableAnswer || error instanceof TaskCancelledError,
    );
    this.policy = wrap(
      retry(transient, {
        maxAttempts: hydrate.retries.attempts - 1,
        backoff: new ExponentialBackoff({
          initialDelay: parseDuration(hydrate.retries.initialDelay),
          maxDelay: parseDuration(hydrate.retries.maxDelay),
        }),
      }),
      circuitBreaker(transient, {
        halfOpenAfter: this.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(hydrate.circuitBreaker.consecutiveFailures),
      }),
    );
    this.deadline = timeout(parseDuration(hydrate.timeout), TimeoutStrategy.Aggressive);
  }

  /** The object's JSON, or a HydrationRefused / HydrationUnavailable naming it. */
  async read(fetch: HydrationFetch): Promise<unknown> {
    try {
      return await this.policy.execute(async () => {
        // The wait for a token is the rate limit's, not the API's: outside the timeout.
        await this.limiter.removeTokens(1);
        return this.deadline.execute(({ signal }) => this.attempt(fetch, signal));
      });
    } catch (error) {
      throw this.failure(fetch, error);
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }

  private async attempt(fetch: HydrationFetch, signal: AbortSignal): Promise<unknown> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1_000;
    let response;
    try {
      response = await this.pool.request({
        method: 'GET',
        path: `${this.basePath}${fetch.path}`,
        headers: {
          accept: 'application/json',
          ...fetch.headers,
          authorization: `Bearer ${this.source.hydrate.credentials.token}`,
        },
        signal,
      });
    } catch (error) {
      const outcome = signal.aborted ? 'timeout' : 'network_error';
      this.metrics.countRequest(this.source.provider, outcome, seconds());
      if (signal.aborted) throw error;
      throw new RetryableAnswer(outcome, `could not reach the API: ${describe(error)}`);
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) return this.objectOf(fetch, status, response.body, seconds);
    await response.body.dump().catch(() => undefined);
    const outcome = outcomeOf(status);
    this.metrics.countRequest(this.source.provider, outcome, seconds());
    if (outcome === 'server_error' || outcome === 'rate_limited') {
      throw new RetryableAnswer(
        outcome,
        `answered ${status}`,
        retryAfter(response.headers['retry-after']),
      );
    }
    throw this.refusal(fetch, `answered ${status}${REFUSALS[outcome] ?? ''}`);
  }

  /** A 2xx answer's JSON object; one cut off mid-body is worth another attempt. */
  private async objectOf(
    fetch: HydrationFetch,
    status: number,
    body: AsyncIterable<Buffer>,
    seconds: () => number,
  ): Promise<unknown> {
    let text: string | undefined;
    try {
      text = await readText(body, MAX_OBJECT_BYTES);
    } catch (error) {
      this.metrics.countRequest(this.source.provider, 'network_error', seconds());
      throw new RetryableAnswer('network_error', `answer cut off: ${describe(error)}`);
    }
    this.metrics.countRequest(
      this.source.provider,
      text === undefined ? 'refused' : 'ok',
      seconds(),
    );
    if (text === undefined) {
      throw this.refusal(fetch, `answered more than ${MAX_OBJECT_BYTES} bytes`);
    }
    const object = parseObject(text);
    if (object === undefined) {
      throw this.refusal(fetch, `answered ${status} with a body that is not a JSON object`);
    }
    return object;
  }

  private refusal(fetch: HydrationFetch, what: string): HydrationRefused {
    return new HydrationRefused(`${this.subject(fetch)}: the ${this.source.provider} API ${what}`);
  }

  private failure(fetch: HydrationFetch, error: unknown): Error {
    if (error instanceof HydrationRefused) return error;
    if (error instanceof BrokenCircuitError) {
      this.metrics.countRequest(this.source.provider, 'circuit_open');
      return new HydrationUnavailable(
        `${this.subject(fetch)}: the ${this.source.provider} API's circuit is open after repeated failures`,
        Date.now() + this.halfOpenAfterMs,
      );
    }
    const attempts = this.source.hydrate.retries.attempts;
    const reason =
      error instanceof TaskCancelledError
        ? `did not answer within ${this.source.hydrate.timeout}`
        : describe(error);
    return new HydrationUnavailable(
      `${this.subject(fetch)}: the ${this.source.provider} API failed after ${attempts} attempt(s): ${reason}`,
      error instanceof RetryableAnswer ? error.notBefore : undefined,
    );
  }

  /** `hydrating contact 123 for source acme-hubspot`. */
  private subject(fetch: HydrationFetch): string {
    return `hydrating ${fetch.object} for source ${this.source.sourceId}`;
  }
}

/** What a refusal's reason adds for the outcomes that have an obvious cause. */
const REFUSALS: Partial<Record<HydrationOutcome, string>> = {
  not_found: ' (no such object)',
  unauthorized: " (the source's hydrate.credentials are refused)",
};

function outcomeOf(status: number): HydrationOutcome {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 401 || status === 403) return 'unauthorized';
  return 'refused';
}

/** `Retry-After` in seconds (the form provider APIs use), as epoch ms. */
function retryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Date.now() + seconds * 1_000 : undefined;
}

/** The body as text, or undefined past `limit` bytes (leaving the loop destroys the stream). */
async function readText(body: AsyncIterable<Buffer>, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
