import { type DynamicModule, type LoggerService } from '@nestjs/common';
import { Logger, LoggerModule, type Params, PinoLogger } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import {
  serviceLogDestination,
  serviceLogOptions,
  type ServiceLogSettings,
} from './service-log-options.js';

function loggerParams(
  settings: ServiceLogSettings,
  destination: DestinationStream = serviceLogDestination(),
): Params {
  return {
    pinoHttp: [serviceLogOptions(settings), destination],
    // No per-request logger: a request's lines carry its span's ids already, and ingest's
    // hot path stays free of a child logger per webhook.
    forRoutes: [],
  };
}

/**
 * nestjs-pino for a service: Nest's own lines and every `new Logger(context)` go through
 * one pino logger once the application calls `app.useLogger(app.get(Logger))`.
 * `destination` is for tests; the default is stdout.
 */
export function serviceLoggerModule(
  settings: ServiceLogSettings,
  destination?: DestinationStream,
): DynamicModule {
  return LoggerModule.forRoot(loggerParams(settings, destination));
}

/** The same logger outside a Nest application (the migration job). */
export function standaloneServiceLogger(
  settings: ServiceLogSettings,
  destination?: DestinationStream,
): LoggerService {
  const params = loggerParams(settings, destination);
  return new Logger(new PinoLogger(params), params);
}
