/** Which effect a claim is about: one event's effect at one destination. */
export interface EffectKey {
  destinationId: string;
  idempotencyKey: string;
}

export interface ClaimRequest extends EffectKey {
  tenantId: string;
  eventId: string;
  /** Becomes the effect's `webhook-id` when this is its first claim. */
  deliveryId: string;
  /** How long the claim holds without being completed or released. */
  leaseMs: number;
  /** Claim an effect that is already done (an operator's forced replay). */
  force: boolean;
  /**
   * Which forced replay of the effect this is (one per replayed record): a done effect
   * already forced with this id is skipped, so the same forced record seen again (a
   * redelivery, a resumed replay) takes effect once. Without it, force always claims.
   */
  forceId?: string;
  /**
   * A replayed task's first attempt: the failures counted so far (which used up its
   * tiers and dead-lettered it) and their retry delay no longer hold back the claim.
   */
  freshStart?: boolean;
  /** At most this many unexpired claims of the destination at once, across executors. */
  maxInFlight?: number;
}

export type ClaimResult =
  /** Go ahead; `token` completes or releases this claim. */
  | {
      status: 'claimed';
      token: string;
      webhookId: string;
      claims: number;
      failures: number;
      /** Why the last failed attempt failed, if one did. */
      lastError: string | null;
    }
  /** The effect happened already: skip (counted in the row's `skipped`). */
  | { status: 'done'; webhookId: string; failures: number }
  /** Someone holds an unexpired claim, or a failed attempt's retry is not due yet. */
  | { status: 'busy'; leaseUntil: Date; failures: number }
  /** The destination has `maxInFlight` claims already. */
  | { status: 'saturated'; failures: number };

export interface ReleaseFailure {
  reason: string;
  /** No claim before this time (the next tier's delay). */
  retryNotBefore?: Date;
}

/** One attempt as the event's timeline shows it. */
export interface DeliveryAttemptRow {
  tenantId: string;
  eventId: string;
  destinationId: string;
  idempotencyKey: string;
  deliveryId: string;
  webhookId: string | null;
  attempt: number;
  /** `delivered`, `transient`, `permanent`, `skipped`, `deferred`… */
  outcome: string;
  status: number | null;
  durationMs: number;
  errorClass: string | null;
  reason: string;
  responseSnippet: string | null;
  executor: string;
  startedAt: Date;
}

/**
 * The side-effect ledger: an effect is claimed with a lease before its request, and
 * marked done after it, so that a task seen again (redelivery, replay, a second route)
 * does not repeat a done effect, and two executors never make the same request at once.
 */
export interface DeliveryLedgerRepository {
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** The effect happened: later claims answer `done`. */
  complete(key: EffectKey, token: string): Promise<void>;
  /** The attempt did not take effect; a `failure` counts against the retry schedule. */
  release(key: EffectKey, token: string, failure?: ReleaseFailure): Promise<void>;
  recordAttempt(row: DeliveryAttemptRow): Promise<void>;
  /** The effects among `keys` that are done (a replay counts them before it sends). */
  doneAmong(keys: readonly EffectKey[]): Promise<EffectKey[]>;
  /** The time of the newest event delivered for a subject at a destination, if any. */
  lastDelivered(destinationId: string, subject: string): Promise<Date | undefined>;
  /** Moves the subject's position forward to `time` (never back). */
  advance(destinationId: string, subject: string, time: Date, eventId: string): Promise<void>;
  attemptsOf(tenantId: string, eventId: string): Promise<DeliveryAttemptRow[]>;
}

export const DELIVERY_LEDGER = Symbol('DeliveryLedgerRepository');
