import { Inject, Injectable } from '@nestjs/common';
import { DeliveriesContract, Headers, IngestedContract, Topics } from '@hookline/contracts';
import { decodeRecord, encodeRecord } from '@hookline/kafka';
import {
  DELIVERY_LEDGER,
  type DeliveryLedgerRepository,
  type EffectKey,
  ingestedEnvelopeOf,
  RawWebhookStore,
  type ReplayItem,
  type ReplayItemResult,
  type ReplayJob,
  ReplaySources,
} from '@hookline/persistence';
import { ingestedKeyOf } from '@hookline/providers';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { ReplayTopics } from '../selection/replay-topics.js';

/** One record ready to go to its stage's replay lane. */
export interface OutgoingReplay {
  item: ReplayItem;
  lane: string;
  key: Buffer | string | null;
  value: Buffer | null;
  /** The original record's headers (its trace context among them). */
  headers: Record<string, string>;
}

export interface PreparedBatch {
  /** Items decided without sending: gone from the store, already delivered, undecodable. */
  decided: ReplayItemResult[];
  outgoing: OutgoingReplay[];
}

/**
 * Reads a batch's records from where they are kept (dead letters, raw webhooks, or the
 * item itself) and decides which to send: a delivery task whose effect the ledger has
 * as done is counted as already delivered and not sent, unless the job forces.
 */
@Injectable()
export class ReplayBatchPreparer {
  private readonly topics: ReplayTopics;

  constructor(
    private readonly sources: ReplaySources,
    private readonly raw: RawWebhookStore,
    @Inject(DELIVERY_LEDGER) private readonly ledger: DeliveryLedgerRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.topics = new ReplayTopics(config.kafka.topicPrefix);
  }

  async prepare(job: ReplayJob, items: readonly ReplayItem[]): Promise<PreparedBatch> {
    const decided: ReplayItemResult[] = [];
    const candidates =
      job.kind === 'raw-redrive'
        ? await this.rawWebhooks(items, decided)
        : await this.deadLetters(job, items, decided);
    if (job.force) return { decided, outgoing: candidates };
    return this.withoutDelivered(candidates, decided);
  }

  private async deadLetters(
    job: ReplayJob,
    items: readonly ReplayItem[],
    decided: ReplayItemResult[],
  ): Promise<OutgoingReplay[]> {
    const stored =
      job.kind === 'dead-letters'
        ? await this.sources.deadLetterBytes(items.map((item) => item.ref ?? ''))
        : undefined;
    const outgoing: OutgoingReplay[] = [];
    for (const item of items) {
      const stage = this.topics.stageOfDeadLetters(item.topic);
      const bytes = stored ? stored.get(item.ref ?? '') : item;
      if (!stage) {
        decided.push(failed(item, `${item.topic} is not a dead-letter topic of this deployment`));
      } else if (!bytes) {
        decided.push(failed(item, `dead letter ${item.ref} is no longer recorded`));
      } else {
        outgoing.push({
          item,
          lane: this.topics.laneOf(stage),
          key: bytes.key ?? null,
          value: bytes.value ?? null,
          headers: bytes.headers ?? {},
        });
      }
    }
    return outgoing;
  }

  private async rawWebhooks(
    items: readonly ReplayItem[],
    decided: ReplayItemResult[],
  ): Promise<OutgoingReplay[]> {
    const webhooks = await this.raw.findMany(items.map((item) => item.ref ?? ''));
    const lane = this.topics.laneOf(Topics.ingested);
    const outgoing: OutgoingReplay[] = [];
    for (const item of items) {
      const webhook = webhooks.get(item.ref ?? '');
      if (!webhook) {
        decided.push(failed(item, `raw webhook ${item.ref} is no longer stored`));
        continue;
      }
      outgoing.push({
        item,
        lane,
        key: ingestedKeyOf(webhook),
        value: encodeRecord(
          IngestedContract,
          ingestedEnvelopeOf(webhook, this.config.ingest.claimCheckBytes),
        ),
        headers: {
          [Headers.correlationId]: webhook.correlationId,
          [Headers.tenantId]: webhook.tenantId,
          ...(webhook.traceparent ? { [Headers.traceparent]: webhook.traceparent } : {}),
        },
      });
    }
    return outgoing;
  }

  /** Delivery tasks whose effect is done are not sent; other stages go as they are. */
  private async withoutDelivered(
    candidates: OutgoingReplay[],
    decided: ReplayItemResult[],
  ): Promise<PreparedBatch> {
    const deliveriesLane = this.topics.laneOf(Topics.deliveries);
    const keys = new Map<OutgoingReplay, EffectKey>();
    const outgoing: OutgoingReplay[] = [];
    for (const candidate of candidates) {
      if (candidate.lane !== deliveriesLane) {
        outgoing.push(candidate);
        continue;
      }
      try {
        const task = decodeRecord(DeliveriesContract, candidate.value);
        keys.set(candidate, {
          destinationId: task.destinationId,
          idempotencyKey: task.event.idempotencykey,
        });
        outgoing.push(candidate);
      } catch (error) {
        decided.push(
          failed(
            candidate.item,
            `not a delivery task: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }
    }
    const done = new Set((await this.ledger.doneAmong([...keys.values()])).map(effectIdentity));
    return {
      decided: [
        ...decided,
        ...outgoing
          .filter((candidate) => isDone(keys.get(candidate), done))
          .map((candidate) => ({
            seq: candidate.item.seq,
            outcome: 'already-delivered' as const,
            detail: 'the ledger has this effect as done',
          })),
      ],
      outgoing: outgoing.filter((candidate) => !isDone(keys.get(candidate), done)),
    };
  }
}

function failed(item: ReplayItem, detail: string): ReplayItemResult {
  return { seq: item.seq, outcome: 'failed', detail };
}

function effectIdentity(key: EffectKey): string {
  return `${key.destinationId}\u0000${key.idempotencyKey}`;
}

function isDone(key: EffectKey | undefined, done: Set<string>): boolean {
  return key !== undefined && done.has(effectIdentity(key));
}
