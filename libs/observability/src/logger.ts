import { ConsoleLogger, type LogLevel } from '@nestjs/common';

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
 * log pipeline can split the five services without parsing messages.
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
    return { service: this.service, ...super.getJsonLogObject(message, options) };
  }
}
