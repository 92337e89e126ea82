import { BaseRpcContext } from '@nestjs/microservices';
import { type StandardHeaders } from '../standard-headers.js';
import { type RecordContext } from '../consumer/consumer.types.js';

/**
 * Hookline's record context as a NestJS RPC context: what `@Ctx()` hands a handler, and
 * what `context.switchToRpc().getContext()` gives a guard, interceptor or filter.
 */
export class KafkaRecordContext extends BaseRpcContext<[RecordContext]> implements RecordContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Partial<StandardHeaders>;
  readonly attempt: number;
  readonly origin: RecordContext['origin'];
  readonly timestamp: Date | undefined;

  constructor(private readonly record: RecordContext) {
    super([record]);
    this.topic = record.topic;
    this.partition = record.partition;
    this.offset = record.offset;
    this.key = record.key;
    this.headers = record.headers;
    this.attempt = record.attempt;
    this.origin = record.origin;
    this.timestamp = record.timestamp;
  }

  useRetrySchedule(delays: readonly string[]): void {
    this.record.useRetrySchedule(delays);
  }
}
