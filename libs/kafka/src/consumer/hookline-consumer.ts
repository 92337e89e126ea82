import { Logger } from '@nestjs/common';
import { FailureHeaders, ReplayHeaders, retryTiers, type RetryTier } from '@hookline/contracts';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import {
  inSpan,
  type LogContext,
  markFailed,
  SpanKind,
  type TraceHeaders,
  withLogContext,
} from '@hookline/observability';
import { processAttributes, sendAttributes } from '../messaging-attributes.js';
import { decodeRecord } from '../record-codec.js';
import { decodeStandardHeaders, headerText, type StandardHeaders } from '../standard-headers.js';
import { type ConsumerMetrics } from './consumer-metrics.js';
import {
  type ConsumerPlan,
  type DeadLetterRecord,
  type RecordContext,
  type RecordForwarder,
  type TopicHandlerFn,
} from './consumer.types.js';
import { groupConsumerConfig } from './group-consumer-config.js';
import { originOf, previousAttempts, routeFailure, type FailedRecord } from './failure-routing.js';
import { runKeyedLanes } from './keyed-lanes.js';

/** Longest a handled record stays uncommitted while its batch is still running. */
const COMMIT_INTERVAL_MS = 500;

/**
 * One consumer group reading a main topic and its retry tiers:
 * - records of one key are handled in order, different keys concurrently;
 * - an offset is committed only once its record was handled or forwarded to a retry
 *   tier or the dead-letter topic (the prefix of a batch that is done, nothing past it);
 * - records that do not decode or break the contract go to the dead-letter topic at once;
 * - a retry tier's partition is paused until its head record is due, then resumed:
 *   no sleeping in handlers, no polling.
 */
export class HooklineConsumer<T> {
  private readonly logger: Logger;
  private consumer: Consumer | undefined;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly tierTopics: Set<string>;
  private stopping = false;
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly client: Kafka,
    private readonly plan: ConsumerPlan<T>,
    private readonly forwarder: RecordForwarder,
    private readonly metrics: ConsumerMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.logger = new Logger(`Consumer ${plan.groupId}`);
    // A replay lane routes failures to the tiers but leaves reading them to the live group.
    this.tierTopics = new Set(plan.lane === 'replay' ? [] : plan.tiers.map((tier) => tier.topic));
  }

  get groupId(): string {
    return this.plan.groupId;
  }

  get topics(): string[] {
    return [this.plan.mainTopic, ...this.tierTopics];
  }

  async start(): Promise<void> {
    const consumer = this.client.consumer(
      groupConsumerConfig(this.plan.groupId, this.plan.group, (error) =>
        this.logger.warn(`restarting after ${error.name}: ${error.message}`),
      ),
    );
    this.consumer = consumer;
    // A new assignment starts from committed offsets: what this member had pending is not its to report.
    consumer.on(consumer.events.GROUP_JOIN, () => this.pending.clear());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping) return;
      // kafkajs gives up for good on errors it calls non-retriable, some of which pass
      // (a fresh broker whose group coordinator is not elected yet): start again.
      this.logger.warn(
        `kafkajs stopped the consumer after ${payload.error.name}: ${payload.error.message}; starting it again in ${this.plan.group.restartDelayMs} ms`,
      );
      const timer = setTimeout(() => {
        this.resumeTimers.delete(timer);
        void this.restartAfterCrash(consumer);
      }, this.plan.group.restartDelayMs);
      this.resumeTimers.add(timer);
    });
    await consumer.connect();
    // A new group starts from the earliest record: nothing produced before it existed is skipped.
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.plan.partitionsConcurrently,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  private async restartAfterCrash(crashed: Consumer): Promise<void> {
    if (this.stopping || this.consumer !== crashed) return;
    await crashed.disconnect().catch(() => undefined);
    if (this.stopping) return;
    try {
      await this.start();
    } catch (error) {
      this.logger.warn(`could not start the consumer again: ${(error as Error).message}`);
      const timer = setTimeout(() => {
        this.resumeTimers.delete(timer);
        void this.restartAfterCrash(this.consumer ?? crashed);
      }, this.plan.group.restartDelayMs);
      this.resumeTimers.add(timer);
    }
  }

  /**
   * When the oldest record this member fetched but has not committed was written, per
   * `topic|partition` it holds: how long the head of a busy or stuck partition has waited.
   */
  pendingSince(): ReadonlyMap<string, number> {
    return this.pending;
  }

  /**
   * Stops fetching, lets in-flight records finish (or hands back those not started),
   * commits what is done and leaves the group.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pending.clear();
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // A heartbeat that fails (the group is rebalancing) stops the batch from starting
    // more records, but what was handled is still committed before the rejoin: the
    // coordinator accepts commits from the current generation until the group re-forms,
    // so a hand-over redelivers next to nothing.
    let heartbeatFailure: { error: unknown } | undefined;
    const active = () =>
      !this.stopping && !heartbeatFailure && payload.isRunning() && !payload.isStale();
    let records = batch.messages;
    let notDue: KafkaMessage | undefined;
    if (this.tierTopics.has(batch.topic)) {
      const now = this.now();
      const firstNotDue = records.findIndex((message) => this.dueAt(message, batch.topic) > now);
      if (firstNotDue >= 0) {
        notDue = records[firstNotDue];
        records = records.slice(0, firstNotDue);
      }
    }

    const pendingKey = `${batch.topic}|${batch.partition}`;
    const markPending = (head: KafkaMessage | undefined) => {
      if (head) this.pending.set(pendingKey, Number(head.timestamp));
      else this.pending.delete(pendingKey);
    };
    markPending(records[0] ?? notDue);

    // Commit the done prefix as it grows (at most every COMMIT_INTERVAL_MS) and once at
    // the end, one commit at a time so a later offset is never overtaken by an earlier.
    let committable: { offset: string; index: number } | undefined;
    let committed: string | undefined;
    let lastCommitAt = this.now();
    let commits = Promise.resolve();
    const commitLatest = () => {
      commits = commits.then(async () => {
        if (!committable || committable.offset === committed) return;
        const { offset, index } = committable;
        await this.commit(payload, batch.topic, batch.partition, offset);
        committed = offset;
        lastCommitAt = this.now();
        markPending(records[index + 1] ?? notDue);
      });
      return commits;
    };
    // kafkajs heartbeats only between fetches and when asked: while every lane waits on a
    // slow handler, this keeps the member in the group, so the session timeout can stay
    // short enough to notice a dead member in seconds.
    const heartbeats = setInterval(() => {
      payload.heartbeat().catch((error: unknown) => {
        heartbeatFailure ??= { error };
      });
    }, this.plan.group.heartbeatIntervalMs);
    try {
      await runKeyedLanes({
        records,
        keyOf: (message) => message.key?.toString('latin1') ?? null,
        concurrency: this.plan.concurrency,
        shouldContinue: active,
        // The interval above heartbeats while records run; kafkajs would send no more if
        // asked per record (it heartbeats at most once per interval).
        handle: (message) => {
          // Headers are decoded once per record, for the log context and the handling.
          const headers = decodeStandardHeaders(message.headers);
          const attempts = previousAttempts(message.headers);
          // Every line logged while this record is handled names it (see logContextOf).
          return withLogContext(this.logContextOf(batch.topic, headers, attempts), () =>
            this.handleRecord(batch.topic, batch.partition, message, headers, attempts),
          );
        },
        onPrefixDone: async (last) => {
          const offset = records[last]?.offset;
          if (offset === undefined) return;
          committable = { offset, index: last };
          payload.resolveOffset(offset);
          if (this.now() - lastCommitAt >= COMMIT_INTERVAL_MS) await commitLatest();
        },
      });
    } finally {
      clearInterval(heartbeats);
      await commitLatest();
    }
    // kafkajs rejoins the group when the batch ends with the rebalance error.
    if (heartbeatFailure) throw heartbeatFailure.error;

    if (notDue && active()) this.holdUntilDue(payload, batch.topic, batch.partition, notDue);
  }

  /**
   * One `process <topic>` consumer span per handling, child of the record's producer
   * span; the handler passes its context on. A failure forwarded to a retry tier or the
   * dead-letter topic is a `send <tier>` span inside it, so the retry's handling joins
   * the same trace below it.
   */
  private async handleRecord(
    topic: string,
    partition: number,
    message: KafkaMessage,
    headers: Partial<StandardHeaders>,
    attempts: number,
  ): Promise<void> {
    if (this.plan.mode === 'dead-letters')
      return this.handleDeadLetter(topic, partition, message, headers, attempts);
    const started = this.now();
    const attempt = attempts + 1;
    let schedule: RetryTier[] | undefined;
    await inSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: headers,
        attributes: processAttributes({
          topic,
          partition,
          offset: message.offset,
          key: message.key,
          groupId: this.plan.groupId,
          attempt,
        }),
      },
      async (span, trace) => {
        try {
          const value = decodeRecord(this.plan.contract, message.value, message.headers);
          await this.plan.handle(
            value,
            this.recordContext(topic, partition, message, {
              headers: { ...headers, ...trace },
              attempt,
              useRetrySchedule: (delays) => {
                schedule = retryTiers(delays);
              },
            }),
          );
          this.metrics.handled(topic, this.plan.groupId, this.now() - started);
        } catch (error) {
          markFailed(span, error);
          this.countFailure(topic, error);
          await this.forwardFailure(topic, partition, message, error, schedule, trace);
        }
      },
    );
  }

  /** What the log lines of one record's handling carry; handlers add their own (`eventId`). */
  private logContextOf(
    topic: string,
    headers: Partial<StandardHeaders>,
    attempts: number,
  ): LogContext {
    return {
      topic,
      correlationId: headers.correlationId,
      tenant: headers.tenantId,
      attempt: this.plan.mode === 'dead-letters' ? attempts : attempts + 1,
    };
  }

  /** Dead letters go nowhere else: a failure throws, and the record is delivered again. */
  private async handleDeadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    standardHeaders: Partial<StandardHeaders>,
    attempts: number,
  ): Promise<void> {
    const started = this.now();
    const headers: Record<string, string> = {};
    for (const name of Object.keys(message.headers ?? {}))
      headers[name] = headerText(message.headers, name) ?? '';
    const record: DeadLetterRecord = {
      topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key,
      value: message.value,
      headers,
    };
    try {
      await (this.plan.handle as unknown as TopicHandlerFn<DeadLetterRecord>)(
        record,
        this.recordContext(topic, partition, message, {
          headers: standardHeaders,
          attempt: attempts,
          // A dead letter's failures are redelivered, never routed: no schedule applies.
          useRetrySchedule: () => {},
        }),
      );
      this.metrics.handled(topic, this.plan.groupId, this.now() - started);
    } catch (error) {
      this.countFailure(topic, error);
      throw error;
    }
  }

  /** What a handler learns about the record besides its value. */
  private recordContext(
    topic: string,
    partition: number,
    message: KafkaMessage,
    handling: Pick<RecordContext, 'headers' | 'attempt' | 'useRetrySchedule'>,
  ): RecordContext {
    const origin = originOf(this.asFailed(topic, partition, message));
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      origin: { topic: origin.topic, partition: origin.partition, offset: origin.offset },
      timestamp: new Date(Number(message.timestamp)),
      ...replayOf(message),
      ...handling,
    };
  }

  private countFailure(topic: string, error: unknown): void {
    this.metrics.failed(topic, this.plan.groupId, error instanceof Error ? error.name : 'unknown');
  }

  /** Throws only when the forward itself fails; the batch then stops before this offset. */
  private async forwardFailure(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    schedule: readonly RetryTier[] | undefined,
    trace: TraceHeaders,
  ): Promise<void> {
    const decision = routeFailure(
      this.plan as ConsumerPlan<unknown>,
      this.asFailed(topic, partition, message),
      error,
      this.now(),
      Math.random,
      schedule,
    );
    const { record } = decision;
    await inSpan(
      `send ${record.topic}`,
      {
        kind: SpanKind.PRODUCER,
        parent: trace,
        attributes: {
          ...sendAttributes(record.topic, record.key),
          ...(decision.kind === 'retry'
            ? { 'hookline.retry.tier': decision.tier }
            : { 'hookline.dead_letter': true }),
        },
      },
      async (_span, own) => {
        // The forwarded record keeps its original headers but joins this span's trace.
        await this.forwarder.sendRaw({ ...record, headers: { ...record.headers, ...own } });
      },
    );
    const errorClass = decision.record.headers[FailureHeaders.errorClass]?.toString() ?? 'unknown';
    if (decision.kind === 'retry') {
      this.metrics.retried(topic, this.plan.groupId, decision.tier);
    } else {
      this.metrics.deadLettered(topic, this.plan.groupId, errorClass);
      this.logger.warn(
        `dead-lettered ${topic}[${partition}]@${message.offset} after attempt ${
          decision.record.headers[FailureHeaders.attempt]?.toString() ?? '?'
        }: ${errorClass}: ${decision.record.headers[FailureHeaders.errorMessage]?.toString() ?? ''}`,
      );
    }
  }

  private asFailed(topic: string, partition: number, message: KafkaMessage): FailedRecord {
    return {
      topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key,
      value: message.value,
      headers: message.headers,
    };
  }

  private dueAt(message: KafkaMessage, topic: string): number {
    const header = Number(headerText(message.headers, FailureHeaders.retryDueAt));
    if (Number.isFinite(header) && header > 0) return header;
    // A record written to a tier without the header (by hand, say) waits the tier's delay.
    const tier = this.plan.tiers.find((candidate) => candidate.topic === topic);
    return Number(message.timestamp) + (tier?.tier.delayMs ?? 0);
  }

  /** Pauses the partition, rewinds to the record that is not due yet and resumes when it is. */
  private holdUntilDue(
    payload: EachBatchPayload,
    topic: string,
    partition: number,
    head: KafkaMessage,
  ): void {
    const resume = payload.pause();
    this.consumer?.seek({ topic, partition, offset: head.offset });
    const timer = setTimeout(
      () => {
        this.resumeTimers.delete(timer);
        if (!this.stopping) resume();
      },
      Math.max(0, this.dueAt(head, topic) - this.now()),
    );
    this.resumeTimers.add(timer);
  }

  private async commit(
    payload: EachBatchPayload,
    topic: string,
    partition: number,
    offset: string,
  ): Promise<void> {
    const next = (BigInt(offset) + 1n).toString();
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic, partitions: [{ partition, offset: next }] }],
    });
  }
}

/** The replay job a record came from, when a replay sent it. */
function replayOf(message: KafkaMessage): Pick<RecordContext, 'replay'> {
  const jobId = headerText(message.headers, ReplayHeaders.jobId);
  if (!jobId) return {};
  const forceId = headerText(message.headers, ReplayHeaders.force);
  return { replay: { jobId, ...(forceId ? { forceId } : {}) } };
}
