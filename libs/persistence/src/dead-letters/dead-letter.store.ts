import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';

/** A dead letter as recorded: where it is, where it came from, and why it failed. */
export interface DeadLetterRow {
  topic: string;
  partition: number;
  offset: string;
  recordTimestamp: Date;
  tenantId: string | null;
  correlationId: string | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  attempts: number;
  errorClass: string;
  errorMessage: string;
  errorStage: string;
  firstFailedAt: Date | null;
  lastFailedAt: Date | null;
  /** The service that failed (`executor` of `executor:hookline.deliveries.v1`). */
  stage: string;
  /** Which destination a failed delivery was for; null before the executor. */
  destinationId: string | null;
  /** The raw webhook and canonical event the record carried, when it could be read. */
  rawEventId: string | null;
  eventId: string | null;
}

@Injectable()
export class DeadLetterStore {
  constructor(private readonly database: DatabaseConnection) {}

  /** Idempotent: recording the same Kafka record again changes nothing. */
  async record(row: DeadLetterRow): Promise<void> {
    await this.database.get().query(
      `INSERT INTO dead_letters (topic, partition, "offset", record_timestamp, tenant_id, correlation_id, record_key,
         record_value, headers, original_topic, original_partition, original_offset, attempts, error_class,
         error_message, error_stage, first_failed_at, last_failed_at, stage, destination_id, raw_event_id, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT (topic, partition, "offset") DO NOTHING`,
      [
        row.topic,
        row.partition,
        row.offset,
        row.recordTimestamp,
        row.tenantId,
        row.correlationId,
        row.key,
        row.value,
        JSON.stringify(row.headers),
        row.originalTopic,
        row.originalPartition,
        row.originalOffset,
        row.attempts,
        row.errorClass,
        row.errorMessage,
        row.errorStage,
        row.firstFailedAt,
        row.lastFailedAt,
        row.stage,
        row.destinationId,
        row.rawEventId,
        row.eventId,
      ],
    );
  }
}
