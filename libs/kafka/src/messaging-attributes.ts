import { type Attributes } from '@hookline/observability';
import { type RecordMetadata } from 'kafkajs';

/**
 * Span attributes of Kafka sends and handlings, per OpenTelemetry's messaging semantic
 * conventions (`messaging.*`, `messaging.kafka.*`).
 */
export function sendAttributes(topic: string, key: Buffer | string | null): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.destination.name': topic,
    ...(key === null ? {} : { 'messaging.kafka.message.key': key.toString() }),
  };
}

/** What the broker's acknowledgement adds to a send span: where the record landed. */
export function sentAttributes(metadata: RecordMetadata): Attributes {
  return {
    ...(metadata.partition >= 0
      ? { 'messaging.destination.partition.id': String(metadata.partition) }
      : {}),
    ...(metadata.offset !== undefined ? { 'messaging.kafka.offset': Number(metadata.offset) } : {}),
  };
}

export interface ProcessedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  groupId: string;
  attempt: number;
}

export function processAttributes(record: ProcessedRecord): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': record.topic,
    'messaging.consumer.group.name': record.groupId,
    'messaging.destination.partition.id': String(record.partition),
    'messaging.kafka.offset': Number(record.offset),
    ...(record.key === null ? {} : { 'messaging.kafka.message.key': record.key.toString() }),
    'hookline.attempt': record.attempt,
  };
}
