import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type DestinationConfig, type HooklineConfig } from '@hookline/config';
import { parseDuration, type DeliveryTask } from '@hookline/contracts';
import {
  type AttemptOutcome,
  CircuitIsOpen,
  CircuitOpen,
  DeliveryFailed,
  DeliveryInProgress,
  DeliveryRejected,
  DestinationBusy,
  DestinationCircuits,
  DestinationGone,
  DestinationKinds,
  EgressRefused,
  scheduleAfterFailure,
  scheduleForDeferral,
  UnknownDestination,
} from '@hookline/destinations';
import {
  type ClaimResult,
  DELIVERY_LEDGER,
  type DeliveryLedgerRepository,
  DESTINATION_RATE_LIMITER,
  type DestinationRateLimiter,
} from '@hookline/persistence';
import { type StandardHeaders } from '@hookline/kafka';
import { inSpan, SpanKind, SpanStatusCode } from '@hookline/observability';
import { HooklineConfigService, SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { DestinationLifecycle } from '../destinations/destination-lifecycle.service.js';
import { attemptRow } from './attempt-row.js';
import { DeliverySlo } from './delivery-slo.js';
import { DeliveryTimeline } from './delivery-timeline.js';
import { ExecutorMetrics } from './executor-metrics.js';

/** Requests in flight to one destination from one executor when it sets no `concurrency`. */
const DEFAULT_LOCAL_IN_FLIGHT = 8;
/** Longest wait for one of this executor's requests to a full destination to end. */
const MAX_SLOT_WAIT_MS = 500;
/** Longest wait for a destination's rate inside the handler; longer waits go to a retry tier. */
const MAX_RATE_WAIT_MS = 1_000;
/** Delay of a retry deferred because the destination is at its concurrency limit. */
const SATURATED_RETRY_MS = 200;
/** How long a handler waits for an answer before the task waits in a retry tier instead. */
const HANDLER_PATIENCE_MS = 1_000;
const NO_ANSWER_YET = Symbol('no answer yet');

/** Each configuration's destinations by tenant and id; a reload brings a new configuration. */
const destinationIndexes = new WeakMap<HooklineConfig, Map<string, DestinationConfig>>();

function destinationIndex(config: HooklineConfig): Map<string, DestinationConfig> {
  let index = destinationIndexes.get(config);
  if (!index) {
    index = new Map();
    for (const tenant of config.tenants)
      for (const destination of tenant.destinations)
        index.set(`${tenant.id}\u0000${destination.id}`, destination);
    destinationIndexes.set(config, index);
  }
  return index;
}

/** What the executor needs to know about the record a task came in. */
export interface TaskContext {
  attempt: number;
  headers: Partial<StandardHeaders>;
  /** The record's timestamp: the timeline's entries follow it. */
  timestamp?: Date;
  trace: { traceparent?: string; tracestate?: string };
  useRetrySchedule(delays: readonly string[]): void;
  /** Sent by a replay job (`hookline-replay-job-id`): its first attempt starts the failure count afresh. */
  replayed?: boolean;
  /** A forced replay's id (`hookline-replay-force`): deliver even when the ledger says done, once per id. */
  forceId?: string;
}

/**
 * Delivers one task so that it takes effect once: circuit and limits first, then a
 * claim in the ledger, the attempt through the destination's kind, the attempt
 * recorded, the claim completed or released. Throws the typed error that sends the
 * task to a retry tier or the dead-letter topic, with the schedule that fits.
 */
@Injectable()
export class DeliveryExecutor implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryExecutor.name);
  private readonly inFlight = new Map<string, number>();
  /** Per destination, deliveries waiting for one of this executor's slots, oldest first. */
  private readonly slotWaiters = new Map<string, (() => void)[]>();

  constructor(
    private readonly config: HooklineConfigService,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    private readonly kinds: DestinationKinds,
    private readonly circuits: DestinationCircuits,
    @Inject(DELIVERY_LEDGER) private readonly ledger: DeliveryLedgerRepository,
    @Inject(DESTINATION_RATE_LIMITER) private readonly rates: DestinationRateLimiter,
    private readonly metrics: ExecutorMetrics,
    private readonly lifecycle: DestinationLifecycle,
    private readonly timeline: DeliveryTimeline,
    private readonly slo: DeliverySlo,
  ) {}

  async deliver(task: DeliveryTask, context: TaskContext): Promise<void> {
    const destination = this.destinationOf(task);
    // Failures before a claim (none yet known) are timed by the destination's own tiers.
    context.useRetrySchedule(destination.retryTiers);
    // Disabled, not lost: kept until an operator enables the destination.
    if (await this.lifecycle.parkIfDisabled(task, context.headers)) return;

    // A slot freed soon is worth the wait: a deferral costs a trip through a retry tier.
    if (!(await this.localSlot(destination)))
      this.defer(destination, context, 'local-concurrency', SATURATED_RETRY_MS, 0);
    // The slot is this delivery's from before its claim until its bookkeeping is done (an
    // attempt handed off to the background keeps it until it ends), so that the claims
    // this executor makes at once never exceed the destination's limit.
    const slot = { held: true };
    try {
      await this.deliverInSlot(task, destination, context, slot);
    } finally {
      if (slot.held) this.releaseSlot(destination.id);
    }
  }

  private async deliverInSlot(
    task: DeliveryTask,
    destination: DestinationConfig,
    context: TaskContext,
    slot: { held: boolean },
  ): Promise<void> {
    if (!this.circuits.admits(destination)) this.deferForCircuit(destination, context);

    const timeoutMs = parseDuration(destination.timeout);
    const key = { destinationId: destination.id, idempotencyKey: task.event.idempotencykey };
    const claim = await this.ledger.claim({
      ...key,
      tenantId: task.tenantId,
      eventId: task.event.id,
      deliveryId: task.deliveryId,
      // Long enough for the request and the write after it; a crashed holder's claim ends with it.
      leaseMs: 2 * timeoutMs + 1_000,
      force: (task.force ?? false) || context.forceId !== undefined,
      ...(context.forceId ? { forceId: context.forceId } : {}),
      ...(context.replayed && context.attempt === 1 ? { freshStart: true } : {}),
      ...(destination.concurrency ? { maxInFlight: destination.concurrency } : {}),
    });
    if (claim.status !== 'claimed') return this.notClaimed(task, destination, context, claim);
    if (destination.ordering === 'stale-skip' && (await this.isStale(task, destination))) {
      await this.ledger.complete(key, claim.token);
      return this.recordNoAttempt(task, destination, context, claim.webhookId, 'stale');
    }
    if (claim.failures > destination.retryTiers.length) {
      // A failure finished in the background used up the tiers: this task is over.
      await this.ledger.release(key, claim.token);
      context.useRetrySchedule([]);
      const reason = claim.lastError ?? `${destination.id}: retries used up`;
      this.timeline.failed(task, context, reason);
      this.slo.failed(task, destination, context.replayed ?? false);
      throw new DeliveryFailed(reason);
    }

    await this.waitForRate(destination, context, () => this.ledger.release(key, claim.token));
    const handling = { handedOff: false };
    const attempt = this.attempt(task, destination, context, claim, handling);
    // A slow answer does not hold the partition: the task waits in a retry tier while the
    // request runs on; when it comes back, the ledger says how the attempt ended.
    const patience = Math.min(timeoutMs, HANDLER_PATIENCE_MS);
    const outcome = await Promise.race([attempt, sleep(patience, NO_ANSWER_YET, { ref: false })]);
    if (outcome === NO_ANSWER_YET) {
      handling.handedOff = true;
      slot.held = false;
      attempt.then(
        () => this.releaseSlot(destination.id),
        (error: unknown) => {
          this.releaseSlot(destination.id);
          this.logger.warn(
            `${destination.id}: attempt finished in the background with ${String(error)}`,
          );
        },
      );
      this.defer(
        destination,
        context,
        'slow-answer',
        timeoutMs - patience + 100,
        0,
        DeliveryInProgress,
      );
    }
    this.raiseFor(destination, context, outcome, claim.failures);
  }

  /** The attempt itself and its bookkeeping: the claim completed or released, the attempt recorded. */
  private async attempt(
    task: DeliveryTask,
    destination: DestinationConfig,
    context: TaskContext,
    claim: Extract<ClaimResult, { status: 'claimed' }>,
    handling: { handedOff: boolean },
  ): Promise<AttemptOutcome | undefined> {
    const key = { destinationId: destination.id, idempotencyKey: task.event.idempotencykey };
    const startedAt = new Date();
    let outcome: AttemptOutcome;
    try {
      outcome = await inSpan(
        `deliver ${destination.id}`,
        {
          kind: SpanKind.INTERNAL,
          parent: context.trace,
          attributes: {
            'hookline.destination.id': destination.id,
            'hookline.destination.kind': destination.kind,
            'hookline.delivery.id': task.deliveryId,
            'hookline.webhook_id': claim.webhookId,
            'hookline.attempt': context.attempt,
          },
        },
        async (span, trace) => {
          const result = await this.circuits.run(destination, () =>
            this.kinds.get(destination.kind).deliver({
              destination,
              task,
              webhookId: claim.webhookId,
              idempotencyKey: task.event.idempotencykey,
              trace,
              now: startedAt,
            }),
          );
          span.setAttribute('hookline.delivery.outcome', result.outcome);
          if (result.outcome !== 'delivered')
            span.setStatus({ code: SpanStatusCode.ERROR, message: result.reason });
          return result;
        },
      );
    } catch (error) {
      await this.ledger.release(key, claim.token);
      if (!(error instanceof CircuitIsOpen)) throw error;
      return undefined;
    }

    const durationMs = Date.now() - startedAt.getTime();
    this.metrics.attempts.inc({ destination: destination.id, outcome: outcome.outcome });
    this.metrics.duration.observe({ destination: destination.id }, durationMs / 1_000);
    if (outcome.outcome === 'delivered') {
      await this.ledger.complete(key, claim.token);
      if (destination.ordering === 'stale-skip')
        await this.ledger.advance(
          destination.id,
          task.event.subject,
          new Date(task.event.time),
          task.event.id,
        );
    } else {
      // A task whose attempt ended in the background is already back in a tier: the
      // ledger holds it until the next tier's delay has passed.
      const nextDelay = handling.handedOff ? destination.retryTiers[claim.failures] : undefined;
      await this.ledger.release(key, claim.token, {
        reason: `${destination.id} ${outcome.reason}`,
        ...(nextDelay ? { retryNotBefore: new Date(Date.now() + parseDuration(nextDelay)) } : {}),
      });
    }
    const facts = {
      outcome: outcome.outcome,
      reason: outcome.reason,
      status: outcome.status ?? null,
      durationMs,
      errorClass: outcome.errorClass ?? null,
      responseSnippet: outcome.responseSnippet ?? null,
      startedAt,
    };
    await this.ledger.recordAttempt(
      attemptRow(task, context.attempt, claim.webhookId, this.service.instanceId, facts),
    );
    const retryable =
      outcome.outcome === 'transient' && claim.failures < destination.retryTiers.length;
    this.timeline.attempted(task, context, claim.webhookId, { ...facts, retryable });
    this.countForSlo(task, destination, context, outcome.outcome, retryable);
    await this.lifecycle.afterOutcome(destination, outcome);
    return outcome;
  }

  private countForSlo(
    task: DeliveryTask,
    destination: DestinationConfig,
    context: TaskContext,
    outcome: AttemptOutcome['outcome'],
    retryable: boolean,
  ): void {
    const replayed = context.replayed ?? false;
    if (outcome === 'delivered') this.slo.delivered(task, destination, replayed);
    else if (retryable) this.slo.retried(task, destination);
    else this.slo.failed(task, destination, replayed);
  }

  onApplicationShutdown(): Promise<void> {
    return this.kinds.close();
  }

  private destinationOf(task: DeliveryTask): DestinationConfig {
    const destination = destinationIndex(this.config.current).get(
      `${task.tenantId}\u0000${task.destinationId}`,
    );
    if (!destination)
      throw new UnknownDestination(
        `destination ${task.destinationId} of tenant ${task.tenantId} is not configured`,
      );
    return destination;
  }

  /** The effect is done (skip), or held by another executor, or the destination is full. */
  private async notClaimed(
    task: DeliveryTask,
    destination: DestinationConfig,
    context: TaskContext,
    claim: Exclude<ClaimResult, { status: 'claimed' }>,
  ): Promise<void> {
    if (claim.status === 'done')
      return this.recordNoAttempt(task, destination, context, claim.webhookId, 'skipped');
    if (claim.status === 'busy') {
      // Back when the claim ends, or sooner to see whether an attempt under way is done.
      const wait = Math.min(
        claim.leaseUntil.getTime() - Date.now(),
        parseDuration(destination.timeout),
      );
      this.defer(
        destination,
        context,
        'claimed-elsewhere',
        Math.max(100, wait),
        0,
        DeliveryInProgress,
      );
    }
    this.defer(destination, context, 'concurrency', SATURATED_RETRY_MS, 0);
  }

  /** An event older than the last one delivered for its subject (state-sync destinations). */
  private async isStale(task: DeliveryTask, destination: DestinationConfig): Promise<boolean> {
    const last = await this.ledger.lastDelivered(destination.id, task.event.subject);
    return last !== undefined && new Date(task.event.time).getTime() < last.getTime();
  }

  /** A task that ends without a request: its effect was done already, or it is stale. */
  private async recordNoAttempt(
    task: DeliveryTask,
    destination: DestinationConfig,
    context: TaskContext,
    webhookId: string,
    outcome: 'skipped' | 'stale',
  ): Promise<void> {
    (outcome === 'stale' ? this.metrics.stale : this.metrics.skipped).inc({
      destination: destination.id,
    });
    this.timeline.skipped(task, context, outcome === 'stale' ? 'stale' : 'already-delivered');
    await this.ledger.recordAttempt(
      attemptRow(task, context.attempt, webhookId, this.service.instanceId, {
        outcome,
        reason:
          outcome === 'stale'
            ? `older than the last event delivered for ${task.event.subject}`
            : 'effect already done',
      }),
    );
  }

  /**
   * Takes one of this executor's slots for the destination: at once below its limit,
   * else when one of its deliveries ends within `MAX_SLOT_WAIT_MS` (waiters woken in the
   * order they came); false, and no slot, when none did.
   */
  private async localSlot(
    destination: DestinationConfig,
    deadline = Date.now() + MAX_SLOT_WAIT_MS,
  ): Promise<boolean> {
    const limit = destination.concurrency ?? DEFAULT_LOCAL_IN_FLIGHT;
    const held = this.inFlight.get(destination.id) ?? 0;
    if (held < limit) {
      this.inFlight.set(destination.id, held + 1);
      return true;
    }
    const waitMs = deadline - Date.now();
    if (waitMs <= 0) return false;
    const waiters = this.slotWaiters.get(destination.id) ?? [];
    this.slotWaiters.set(destination.id, waiters);
    let wake: () => void = () => {};
    const freed = new Promise<true>((resolve) => {
      wake = () => resolve(true);
      waiters.push(wake);
    });
    const outcome = await Promise.race([freed, sleep(waitMs, false as const, { ref: false })]);
    if (!outcome) {
      const index = waiters.indexOf(wake);
      if (index >= 0) waiters.splice(index, 1);
      return false;
    }
    // Woken as a request ended; another may have started meanwhile.
    return this.localSlot(destination, deadline);
  }

  private releaseSlot(destinationId: string): void {
    this.inFlight.set(destinationId, (this.inFlight.get(destinationId) ?? 1) - 1);
    this.slotWaiters.get(destinationId)?.shift()?.();
  }

  /** Waits briefly for the destination's shared rate, or gives the slot back and defers. */
  private async waitForRate(
    destination: DestinationConfig,
    context: TaskContext,
    giveBack: () => Promise<void>,
  ): Promise<void> {
    if (!destination.rateLimit) return;
    for (;;) {
      const decision = await this.rates.take(
        destination.id,
        destination.rateLimit.requestsPerSecond,
      );
      if (decision.allowed) return;
      if (decision.retryInMs > MAX_RATE_WAIT_MS) {
        await giveBack();
        this.defer(destination, context, 'rate', decision.retryInMs, 0);
      }
      await sleep(decision.retryInMs);
    }
  }

  private deferForCircuit(destination: DestinationConfig, context: TaskContext): never {
    const firstTier = parseDuration(destination.retryTiers[0] ?? '1s');
    const halfOpenAfter = parseDuration(destination.circuitBreaker.halfOpenAfter);
    this.defer(
      destination,
      context,
      'circuit-open',
      Math.min(firstTier, halfOpenAfter),
      0,
      CircuitOpen,
    );
  }

  private defer(
    destination: DestinationConfig,
    context: TaskContext,
    reason: string,
    delayMs: number,
    notBefore: number,
    type: typeof DestinationBusy | typeof CircuitOpen | typeof DeliveryInProgress = DestinationBusy,
  ): never {
    this.metrics.deferred.inc({ destination: destination.id, reason });
    context.useRetrySchedule(scheduleForDeferral(context.attempt, Math.max(1, delayMs)));
    throw new type(`${destination.id}: deferred (${reason})`, notBefore || undefined);
  }

  /** Success returns; anything else throws the error whose class routes the task. */
  private raiseFor(
    destination: DestinationConfig,
    context: TaskContext,
    outcome: AttemptOutcome | undefined,
    failuresBefore: number,
  ): void {
    if (!outcome) return this.deferForCircuit(destination, context);
    const message = `${destination.id} ${outcome.reason}`;
    if (outcome.outcome === 'delivered') return;
    if (outcome.outcome === 'transient') {
      context.useRetrySchedule(
        scheduleAfterFailure(context.attempt, failuresBefore, destination.retryTiers),
      );
      throw new DeliveryFailed(message, outcome.retryAfter);
    }
    if (outcome.errorClass === 'EgressRefused') throw new EgressRefused(message);
    if (outcome.gone) throw new DestinationGone(message);
    throw new DeliveryRejected(message);
  }
}
