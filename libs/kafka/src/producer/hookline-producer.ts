import { performance } from 'node:perf_hooks';
import { prefixedTopic, type TopicContract } from '@hookline/contracts';
import { type Kafka, type Message, type Producer, type RecordMetadata } from 'kafkajs';
import { inSpan, SpanKind } from '@hookline/observability';
import { encodeRecord, encodeRecordHeaders } from '../record-codec.js';
import { sendAttributes, sentAttributes } from '../messaging-attributes.js';
import { type StandardHeaders } from '../standard-headers.js';
import {
  type BufferedRecord,
  type RawRecord,
  estimateBytes,
  groupByTopic,
  resolveBatch,
  trackingPartitioner,
} from './batch-records.js';
import {
  type HooklineProducerOptions,
  ProducerNotConnectedError,
  type ResolvedProducerOptions,
  resolveProducerOptions,
} from './producer-options.js';

export * from './producer-options.js';
export type { RawRecord } from './batch-records.js';

/**
 * Highest in-flight count Kafka allows for an idempotent producer: the broker remembers the
 * last 5 batches per producer and partition to detect duplicates. (kafkajs's idempotent
 * producer holds a per-broker lock around each produce round trip anyway, so in practice
 * one produce request per broker is in flight.)
 */
const MAX_IN_FLIGHT_REQUESTS = 5;

type State = 'new' | 'open' | 'closed';

/**
 * The producer every service uses: idempotent (acks=all), compressed, and coalescing.
 * kafkajs turns every `send()` into a produce request of its own; this buffers records
 * for `lingerMs` (or until a batch limit) and sends them with one `sendBatch`. One batch
 * is in flight at a time — see docs/kafka-producer.md for why that is what keeps
 * per-partition order (and idempotence) sound with kafkajs.
 */
export class HooklineProducer {
  private readonly options: ResolvedProducerOptions;
  private state: State = 'new';
  private producer: Producer | undefined;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** After a failed batch, kafkajs's sequence numbers may be out of step with the broker. */
  private replaceProducer = false;
  /** Sends waiting for buffer room, in call order. */
  private readonly blocked: BufferedRecord[] = [];
  private pending: BufferedRecord[] = [];
  private pendingBytes = 0;
  private inFlight = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private lingerExpired = false;
  private flushWaiters: (() => void)[] = [];
  private readonly partitions = new WeakMap<Message, number>();

  constructor(
    private readonly client: Kafka,
    options: HooklineProducerOptions,
  ) {
    this.options = resolveProducerOptions(options);
  }

  /** Records accepted and not yet acknowledged (at most `maxBufferedRecords`). */
  get bufferedRecords(): number {
    return this.pending.length + this.inFlight;
  }

  get isConnected(): boolean {
    return this.state === 'open';
  }

  async connect(): Promise<void> {
    if (this.state === 'closed') throw new ProducerNotConnectedError('HooklineProducer is closed');
    if (this.state === 'open') return;
    this.connecting ??= this.openProducer()
      .then((producer) => {
        this.producer = producer;
        this.state = 'open';
      })
      .finally(() => {
        this.connecting = undefined;
      });
    await this.connecting;
  }

  /**
   * Validates, encodes and sends one contract record; resolves once the broker has it.
   * A `send <topic>` producer span, child of `headers.traceparent`, lasts until then; the
   * record carries its context (without tracing, `headers.traceparent` as given).
   */
  async publish<T>(
    contract: TopicContract<T>,
    value: T,
    headers: StandardHeaders,
    options: { key?: string } = {},
  ): Promise<RecordMetadata> {
    this.assertOpen();
    const encoded = encodeRecord(contract, value);
    const topic = prefixedTopic(this.options.topicPrefix, contract.topic);
    const key = options.key ?? contract.key(value);
    return inSpan(
      `send ${topic}`,
      { kind: SpanKind.PRODUCER, parent: headers, attributes: sendAttributes(topic, key) },
      async (span, trace) => {
        const metadata = await this.enqueue(topic, {
          key,
          value: encoded,
          headers: encodeRecordHeaders(contract, { ...headers, ...trace }),
        });
        span.setAttributes(sentAttributes(metadata));
        return metadata;
      },
    );
  }

  /** Sends a record exactly as given (no validation, no topic prefix). */
  async sendRaw(record: RawRecord): Promise<RecordMetadata> {
    this.assertOpen();
    return this.enqueue(record.topic, {
      key: record.key,
      value: record.value,
      headers: { ...record.headers },
    });
  }

  /** Sends everything buffered now (no lingering) and waits until it is acknowledged or failed. */
  async flush(): Promise<void> {
    if (this.isIdle()) return;
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    this.dispatch();
    await done;
  }

  /** Stops accepting sends, flushes what was accepted, then disconnects. Idempotent. */
  async disconnect(): Promise<void> {
    this.closing ??= this.close();
    await this.closing;
  }

  private async close(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    this.state = 'closed';
    await this.flush();
    clearTimeout(this.lingerTimer);
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }

  private assertOpen(): void {
    if (this.state === 'new')
      throw new ProducerNotConnectedError(
        'HooklineProducer is not connected: call connect() first',
      );
    if (this.state === 'closed')
      throw new ProducerNotConnectedError('HooklineProducer is disconnected: no more sends');
  }

  private async openProducer(): Promise<Producer> {
    const producer = this.client.producer({
      idempotent: true,
      maxInFlightRequests: MAX_IN_FLIGHT_REQUESTS,
      allowAutoTopicCreation: false,
      createPartitioner: trackingPartitioner(this.partitions),
      retry: { retries: this.options.retries },
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    return producer;
  }

  private enqueue(topic: string, message: Message): Promise<RecordMetadata> {
    return new Promise<RecordMetadata>((resolve, reject) => {
      const record = { topic, message, bytes: estimateBytes(message), resolve, reject };
      // Once anyone waits for room, later sends queue behind them so call order holds.
      if (this.blocked.length > 0 || this.bufferedRecords >= this.options.maxBufferedRecords) {
        this.blocked.push(record);
        return;
      }
      this.admit(record);
      this.dispatch();
    });
  }

  private admit(record: BufferedRecord): void {
    this.pending.push(record);
    this.pendingBytes += record.bytes;
    if (this.pending.length === 1) this.startLinger();
  }

  private startLinger(): void {
    if (this.lingerTimer) return;
    this.lingerExpired = false;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      this.lingerExpired = true;
      this.dispatch();
    }, this.options.lingerMs);
  }

  /** Starts the next batch if none is in flight and the buffered records are due. */
  private dispatch(): void {
    if (this.inFlight > 0 || this.pending.length === 0) return;
    const due =
      this.lingerExpired ||
      this.flushWaiters.length > 0 ||
      this.pending.length >= this.options.maxBatchRecords ||
      this.pendingBytes >= this.options.maxBatchBytes;
    if (!due) return;
    const batch = this.takeBatch();
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.lingerExpired = false;
    // What did not fit lingers afresh; it also goes as soon as this batch returns if full.
    if (this.pending.length > 0) this.startLinger();
    void this.send(batch);
  }

  /** Takes records up to the batch limits; always at least one, so an oversized record goes alone. */
  private takeBatch(): BufferedRecord[] {
    let count = 0;
    let bytes = 0;
    for (const record of this.pending) {
      if (count >= this.options.maxBatchRecords) break;
      if (count > 0 && bytes + record.bytes > this.options.maxBatchBytes) break;
      count += 1;
      bytes += record.bytes;
    }
    const batch = this.pending.slice(0, count);
    this.pending = this.pending.slice(count);
    this.pendingBytes -= bytes;
    return batch;
  }

  private async send(batch: BufferedRecord[]): Promise<void> {
    this.inFlight = batch.length;
    const bytes = batch.reduce((sum, record) => sum + record.bytes, 0);
    const started = performance.now();
    try {
      const producer = await this.usableProducer();
      const responses = await producer.sendBatch({
        topicMessages: groupByTopic(batch),
        acks: -1,
        compression: this.options.compression,
        timeout: this.options.ackTimeoutMs,
      });
      this.report(() =>
        this.options.metrics?.batchSent(batch.length, bytes, performance.now() - started),
      );
      resolveBatch(batch, responses, this.partitions);
    } catch (error) {
      // kafkajs rolled its sequence numbers back, but the broker may have written the batch
      // (e.g. after timeouts): a fresh producer id keeps later batches from being taken for
      // duplicates of it and dropped.
      this.replaceProducer = true;
      this.report(() => this.options.metrics?.sendFailed(batch.length, error));
      for (const record of batch) record.reject(error);
    } finally {
      this.inFlight = 0;
      this.admitBlocked();
      this.dispatch();
      this.notifyIfIdle();
    }
  }

  private async usableProducer(): Promise<Producer> {
    if (this.replaceProducer || !this.producer) {
      const stale = this.producer;
      this.producer = undefined;
      await stale?.disconnect().catch(() => undefined);
      this.producer = await this.openProducer();
      this.replaceProducer = false;
    }
    return this.producer;
  }

  private admitBlocked(): void {
    while (this.blocked.length > 0 && this.bufferedRecords < this.options.maxBufferedRecords) {
      const record = this.blocked.shift();
      if (record) this.admit(record);
    }
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.pending.length === 0 && this.blocked.length === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** A throwing metrics hook must not turn a delivered batch into failed sends. */
  private report(call: () => void): void {
    try {
      call();
    } catch {
      // Metrics are best effort.
    }
  }
}
