import { register } from 'node:module';
import { type SpanExporter } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { HOOKED_MODULES, hooklineInstrumentations } from './instrumentations.js';
import { isTracing, startTracing, type Tracing } from './tracing.js';

/**
 * The `OTEL_*` variables a service reads. Hookline's own two decide whether the SDK
 * starts; the others are read by the SDK's parts themselves (the OTLP exporter, the
 * batch span processor, the resource). Any other `OTEL_*` variable is refused at load
 * (`unsupportedTelemetryVariables`): the exporter, protocol, propagator and sampler are
 * fixed, and a variable the SDK would quietly ignore or half-honour is a surprise.
 */
export const TelemetryEnvShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true'),
};

const SDK_VARIABLES = [
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_SERVICE_NAME',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BSP_EXPORT_TIMEOUT',
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  'OTEL_LOG_LEVEL',
];

/** Every `OTEL_*` variable a service accepts. */
export const SUPPORTED_TELEMETRY_VARIABLES: readonly string[] = [
  ...Object.keys(TelemetryEnvShape),
  ...SDK_VARIABLES,
];

/** The `OTEL_*` variables set in `env` that Hookline does not implement. */
export function unsupportedTelemetryVariables(env: Record<string, string | undefined>): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('OTEL_') && env[name] !== undefined)
    .filter((name) => !SUPPORTED_TELEMETRY_VARIABLES.includes(name))
    .sort();
}

/** What the environment says about traces. */
export interface TelemetryConfig {
  /** `OTEL_SDK_DISABLED` is not `true`. */
  enabled: boolean;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: spans are exported there (OTLP/HTTP). */
  otlpEndpoint?: string;
}

const TelemetryEnvSchema = z.object(TelemetryEnvShape);

/** The telemetry settings of `env`; undefined when they are invalid (the service refuses them at load). */
export function readTelemetryConfig(
  env: Record<string, string | undefined>,
): TelemetryConfig | undefined {
  const parsed = TelemetryEnvSchema.safeParse(env);
  if (!parsed.success || unsupportedTelemetryVariables(env).length > 0) return undefined;
  return {
    enabled: !parsed.data.OTEL_SDK_DISABLED,
    ...(parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { otlpEndpoint: parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT }
      : {}),
  };
}

export interface TelemetryOptions {
  /** `service.name` of every span. */
  service: string;
  /** Where the `OTEL_*` variables are read; default the process's environment. */
  env?: Record<string, string | undefined>;
  /**
   * Hands every span to this exporter as it ends, also without an endpoint (tests use an
   * in-memory one).
   */
  exporter?: SpanExporter;
  /**
   * Registers import-in-the-middle's loader hook so that ES modules imported from now on
   * can be instrumented (default true). A test that runs services inside its own process
   * says false: its modules are loaded already, and the test runner has its own loader.
   */
  hookImports?: boolean;
}

/**
 * Starts tracing for a service process, before its application modules are imported
 * (`main.ts` calls this, then imports `serve.js`): the OpenTelemetry Node SDK with the
 * instrumentations of `hooklineInstrumentations`, exporting over OTLP/HTTP to
 * `OTEL_EXPORTER_OTLP_ENDPOINT`. Without an endpoint (and no exporter given) nothing is
 * started at all: no SDK, no instrumentation, no loader hook, so tracing costs nothing,
 * and Hookline's spans hand the incoming `traceparent` on unchanged. The same with
 * `OTEL_SDK_DISABLED=true`, and when the `OTEL_*` settings are invalid (the service's
 * configuration loader then refuses to start with the reason).
 */
export function startTelemetry(options: TelemetryOptions): Tracing | undefined {
  const config = readTelemetryConfig(options.env ?? process.env);
  if (!config?.enabled || (!config.otlpEndpoint && !options.exporter)) return undefined;
  // Instrumentations enable themselves when made: none for a second call.
  if (isTracing()) return startTracing({ service: options.service });
  // Only the modules instrumented are intercepted: wrapping every ES module (Nest's
  // among them) costs load time and risks what the instrumentations do not need.
  if (options.hookImports ?? true)
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
      data: { include: HOOKED_MODULES },
    });
  return startTracing({
    service: options.service,
    otlpEndpoint: config.otlpEndpoint,
    ...(options.exporter ? { exporter: options.exporter } : {}),
    instrumentations: hooklineInstrumentations(),
  });
}
