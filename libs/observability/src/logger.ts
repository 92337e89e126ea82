import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { trace } from '@opentelemetry/api';

export type HooklineLogLevel = 'error' | 'warn' | 'info' | 'debug';

const NEST_LEVELS: Record<HooklineLogLevel, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Property names whose values never reach a log line. */
export const REDACTED_FIELDS = [
  'secret',
  'secrets',
  'signature',
  'authorization',
  'password',
  'token',
];

/**
 * JSON-lines logger: one object per line with the service name on every record, so a
 * log pipeline can split the five services without parsing messages. A line written
 * inside a span (a webhook's request, a record's handling) carries its `traceId` and
 * `spanId`, so logs and traces of one event can be joined.
 */
export class ServiceLogger extends ConsoleLogger {
  constructor(
    private readonly service: string,
    level: HooklineLogLevel = 'info',
  ) {
    super({ json: true, logLevels: NEST_LEVELS[level], redact: REDACTED_FIELDS });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: Parameters<ConsoleLogger['getJsonLogObject']>[1],
  ): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const span = trace.getActiveSpan()?.spanContext();
    return {
      service: this.service,
      ...(span && trace.isSpanContextValid(span)
        ? { traceId: span.traceId, spanId: span.spanId }
        : {}),
      ...super.getJsonLogObject(message, options),
    };
  }
}
