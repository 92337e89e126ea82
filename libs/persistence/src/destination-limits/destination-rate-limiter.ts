import { Injectable } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DatabaseConnection } from '../database.connection.js';

export interface RateDecision {
  allowed: boolean;
  /** When not allowed: how long until the next request may go. */
  retryInMs: number;
}

/** A destination's request rate, counted for all executor replicas together. */
export interface DestinationRateLimiter {
  take(destinationId: string, requestsPerSecond: number): Promise<RateDecision>;
}

export const DESTINATION_RATE_LIMITER = Symbol('DestinationRateLimiter');

/**
 * rate-limiter-flexible's PostgreSQL store (table `destination_rate_limits`, created by
 * a migration): fixed windows of about a tenth of a second, each holding its share of
 * `requestsPerSecond` (at least one request; a slow rate gets longer windows).
 */
@Injectable()
export class PgDestinationRateLimiter implements DestinationRateLimiter {
  private readonly limiters = new Map<number, RateLimiterPostgres>();

  constructor(private readonly database: DatabaseConnection) {}

  async take(destinationId: string, requestsPerSecond: number): Promise<RateDecision> {
    try {
      await this.limiterFor(requestsPerSecond).consume(destinationId, 1);
      return { allowed: true, retryInMs: 0 };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return { allowed: false, retryInMs: Math.max(1, rejection.msBeforeNext) };
      throw rejection;
    }
  }

  private limiterFor(requestsPerSecond: number): RateLimiterPostgres {
    let limiter = this.limiters.get(requestsPerSecond);
    if (!limiter) {
      const pool = (this.database.get().driver as PostgresDriver).master as unknown;
      // Short windows (a tenth of a second, or one request's share) rather than one of a
      // second: a fixed window lets two windows' worth through around its edge, so a
      // short one keeps any one-second span within a tenth of the rate.
      const points = Math.max(1, Math.round(requestsPerSecond / 10));
      limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'destination_rate_limits',
        tableCreated: true,
        keyPrefix: `rps${requestsPerSecond}`,
        points,
        duration: points / requestsPerSecond,
      });
      this.limiters.set(requestsPerSecond, limiter);
    }
    return limiter;
  }
}
