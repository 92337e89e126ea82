import { type SourceConfig } from '@hookline/config';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Per-source request rate: `requestsPerSecond` steadily, plus `burst` extra requests
 * over ten seconds (rate-limiter-flexible's bursty limiter). In memory per instance:
 * with N ingest replicas a source may get N times its rate, which is the price of not
 * putting a shared store on the hot path.
 */
export class SourceRateLimiter {
  private readonly limiters = new Map<
    string,
    { limiter: BurstyRateLimiter | RateLimiterMemory; signature: string }
  >();

  /** Resolves `undefined` when allowed, or the seconds to wait when over the rate. */
  async consume(source: SourceConfig): Promise<number | undefined> {
    const limit = source.rateLimit;
    if (!limit) return undefined;
    const limiter = this.limiterFor(source.id, limit.requestsPerSecond, limit.burst);
    try {
      await limiter.consume(source.id);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1_000));
      throw rejection;
    }
  }

  private limiterFor(sourceId: string, perSecond: number, burst: number | undefined) {
    const signature = `${perSecond}/${burst ?? 0}`;
    const known = this.limiters.get(sourceId);
    // A reloaded configuration may change the rate: rebuild the limiter when it does.
    if (known?.signature === signature) return known.limiter;
    const steady = new RateLimiterMemory({
      keyPrefix: `rate:${sourceId}`,
      points: perSecond,
      duration: 1,
    });
    const limiter = burst
      ? new BurstyRateLimiter(
          steady,
          new RateLimiterMemory({ keyPrefix: `burst:${sourceId}`, points: burst, duration: 10 }),
        )
      : steady;
    this.limiters.set(sourceId, { limiter, signature });
    return limiter;
  }
}
