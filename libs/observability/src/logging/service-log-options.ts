import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { currentLogContext } from './log-context.js';

export type HooklineLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Property names whose values never reach a log line. */
export const REDACTED_FIELDS = [
  'secret',
  'secrets',
  'signature',
  'authorization',
  'password',
  'token',
] as const;

/** Request headers that carry credentials or signatures (providers' and Hookline's own). */
const SECRET_HEADERS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'stripe-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-slack-signature',
  'x-hubspot-signature',
  'x-hubspot-signature-v3',
  'x-shopify-hmac-sha256',
  'webhook-signature',
];

/**
 * The paths pino censors: each redacted field at the top of a log object and one level
 * down (`*.secret`), and credential headers under `headers` at the top, one level down
 * and in a request (`req.headers`).
 */
export const REDACTED_PATHS: readonly string[] = [
  ...REDACTED_FIELDS,
  ...REDACTED_FIELDS.map((field) => `*.${field}`),
  ...['headers', '*.headers'].flatMap((at) =>
    SECRET_HEADERS.map((header) => `${at}[${JSON.stringify(header)}]`),
  ),
];

export const REDACTED_CENSOR = '[REDACTED]';

export interface ServiceLogSettings {
  service: string;
  level: HooklineLogLevel;
}

/** The ids of the active OpenTelemetry span, when there is a valid one. */
function activeSpanFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span)
    ? { traceId: span.traceId, spanId: span.spanId }
    : {};
}

/**
 * pino's settings for a Hookline service: one JSON object per line on stdout with
 * `level` (a name), `time` (ISO-8601), `service`, the active span's `traceId`/`spanId`,
 * the record context bound around the code (`correlationId`, `tenant`, `eventId`,
 * `attempt`, ...) and `message`; secrets censored by path.
 */
export function serviceLogOptions(settings: ServiceLogSettings): LoggerOptions {
  return {
    level: settings.level,
    base: { service: settings.service },
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...activeSpanFields(), ...currentLogContext() }),
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED_CENSOR },
  };
}

/**
 * Where service logs go: the process's stdout stream (synchronous for files and pipes on
 * Linux, so nothing is lost when a process exits, and what a test reading stdout sees).
 */
export const serviceLogDestination = (): DestinationStream => process.stdout;

/** A pino logger of the service settings, on stdout unless told otherwise. */
export function createServiceLogger(
  settings: ServiceLogSettings,
  destination: DestinationStream = serviceLogDestination(),
): Logger {
  return pino(serviceLogOptions(settings), destination);
}
