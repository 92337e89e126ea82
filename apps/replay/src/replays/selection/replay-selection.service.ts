import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { FailureHeaders, Headers } from '@hookline/contracts';
import {
  clampRange,
  KafkaConnection,
  type PartitionRange,
  rangesForTimes,
  readPartitionRange,
  type RangeRecord,
} from '@hookline/kafka';
import { type NewReplayItem, ReplaySources } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { type ReplayRequest } from '../replay-request.js';
import { ReplayTopics } from './replay-topics.js';

/** The most records one job may take; a larger selection is refused (split it). */
export const MAX_JOB_RECORDS = 250_000;

/**
 * Turns a request into the records its job replays, fixed at creation: dead letters by
 * filter, a range of a dead-letter topic read from Kafka, or stored raw webhooks.
 * Records of tenants outside the caller's scope are kept as skipped items.
 */
@Injectable()
export class ReplaySelection {
  readonly topics: ReplayTopics;

  constructor(
    private readonly sources: ReplaySources,
    private readonly kafka: KafkaConnection,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.topics = new ReplayTopics(config.kafka.topicPrefix);
  }

  async itemsFor(
    request: ReplayRequest,
    tenants: readonly string[] | null,
  ): Promise<NewReplayItem[]> {
    switch (request.kind) {
      case 'dead-letters': {
        const { from, to, ...filter } = request.filter;
        if (filter.topic && !this.topics.isStageTopic(filter.topic))
          throw this.notADeadLetterTopic(filter.topic);
        return this.bounded(
          await this.sources.deadLetters({
            tenants,
            ...filter,
            ...(from ? { from: new Date(from) } : {}),
            ...(to ? { to: new Date(to) } : {}),
          }),
        );
      }
      case 'offset-range': {
        this.assertDeadLetterTopic(request.topic);
        const size = BigInt(request.toOffset) - BigInt(request.fromOffset) + 1n;
        if (size > BigInt(MAX_JOB_RECORDS))
          throw new BadRequestException(
            `the range holds ${size} offsets, more than the ${MAX_JOB_RECORDS} one job may replay`,
          );
        return this.fromRanges([{ ...request }], tenants);
      }
      case 'time-range': {
        this.assertDeadLetterTopic(request.topic);
        const ranges = await rangesForTimes(
          this.kafka.getAdmin(),
          request.topic,
          new Date(request.from),
          new Date(request.to),
          request.partition,
        );
        return this.fromRanges(ranges, tenants);
      }
      case 'raw-redrive':
        return this.bounded(
          await this.sources.rawWebhooks({
            tenants,
            sourceId: request.sourceId,
            from: new Date(request.from),
            to: new Date(request.to),
          }),
        );
    }
  }

  private async fromRanges(
    ranges: PartitionRange[],
    tenants: readonly string[] | null,
  ): Promise<NewReplayItem[]> {
    const admin = this.kafka.getAdmin();
    const items: NewReplayItem[] = [];
    for (const range of ranges) {
      const held = await clampRange(admin, range);
      if (!held) continue;
      const count = Number(BigInt(held.toOffset) - BigInt(held.fromOffset) + 1n);
      if (items.length + count > MAX_JOB_RECORDS)
        throw new BadRequestException(
          `the selection holds more than the ${MAX_JOB_RECORDS} records one job may replay`,
        );
      const records = await readPartitionRange(this.kafka.client, admin, held, {
        timeoutMs: 60_000 + count,
      });
      items.push(...records.map((record) => itemOf(record, tenants)));
    }
    return items;
  }

  private bounded(items: NewReplayItem[]): NewReplayItem[] {
    if (items.length > MAX_JOB_RECORDS)
      throw new BadRequestException(
        `the filter selects ${items.length} records, more than the ${MAX_JOB_RECORDS} one job may replay`,
      );
    return items;
  }

  private assertDeadLetterTopic(topic: string): void {
    if (!this.topics.isDeadLetterTopic(topic)) throw this.notADeadLetterTopic(topic);
  }

  private notADeadLetterTopic(topic: string): BadRequestException {
    return new BadRequestException(
      `topic: ${topic} is not a dead-letter topic (one of ${this.topics.deadLetterTopics().join(', ')})`,
    );
  }
}

function itemOf(record: RangeRecord, tenants: readonly string[] | null): NewReplayItem {
  const tenantId = record.headers[Headers.tenantId] ?? null;
  const outside = tenants !== null && (tenantId === null || !tenants.includes(tenantId));
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ref: null,
    tenantId,
    reason: record.headers[FailureHeaders.errorClass] ?? 'unknown',
    key: record.key,
    value: record.value,
    headers: record.headers,
    ...(outside
      ? { skippedBecause: `tenant ${tenantId ?? '(none)'} is outside the caller's scope` }
      : {}),
  };
}
