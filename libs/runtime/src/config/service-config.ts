import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_TOPOLOGY,
  parseDuration,
  ProducerDefaults,
  ServiceDefaults,
  type ServiceName,
  Topics,
} from '@hookline/contracts';
import { DEFAULT_CONSUMER_GROUP_SETTINGS, type KafkaOptions } from '@hookline/kafka';
import { type DatabaseOptions } from '@hookline/persistence';
import {
  type HooklineLogLevel,
  SUPPORTED_TELEMETRY_VARIABLES,
  TelemetryEnvShape,
  unsupportedTelemetryVariables,
} from '@hookline/observability';
import { type TimelineWriterOptions } from '../timeline/timeline-writer.js';
import { z } from 'zod';

/** `a, b ,c,` → `['a', 'b', 'c']`. */
const commaSeparated = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const commaList = commaSeparated.pipe(
  z
    .array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'))
    .min(1, 'expected at least one host:port'),
);

const positiveInt = z.coerce.number().int().positive();

/** `ingest=http://h:8080/metrics,router=…` → the Prometheus endpoints the overview reads. */
const metricsTargets = commaSeparated.pipe(
  z
    .array(
      z
        .string()
        .regex(/^[a-z][a-z0-9-]*=https?:\/\/\S+$/, 'expected name=http://host:port/metrics'),
    )
    .transform((items) =>
      items.map((item) => {
        const at = item.indexOf('=');
        return { service: item.slice(0, at), url: item.slice(at + 1) };
      }),
    ),
);

const duration = z.string().refine(
  (text) => {
    try {
      parseDuration(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a duration such as 500ms, 2s, 1m, 2h, 7d' },
);

const durationList = commaSeparated.pipe(
  z.array(duration).min(1, 'expected at least one duration'),
);

/** The environment a service reads, once, at start. Documented in README's table. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  KAFKA_BROKERS: commaList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_CONNECTION_TIMEOUT_MS: positiveInt.default(3_000),
  KAFKA_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  HOOKLINE_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/, 'letters, digits, _ and - only')
    .default(''),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  HOOKLINE_VERSION: z.string().min(1).default('0.1.0'),
  HOOKLINE_READY_TIMEOUT_MS: positiveInt.default(2_000),
  HOOKLINE_HEARTBEAT_MS: positiveInt.default(10_000),
  HOOKLINE_TOPIC_PARTITIONS: positiveInt.default(DEFAULT_TOPOLOGY.partitions),
  HOOKLINE_TOPIC_REPLICATION_FACTOR: positiveInt.default(DEFAULT_TOPOLOGY.replicationFactor),
  HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: positiveInt.default(DEFAULT_TOPOLOGY.minInsyncReplicas),
  HOOKLINE_TOPIC_RETENTION: duration.default('7d'),
  HOOKLINE_DLT_RETENTION: duration.default('30d'),
  HOOKLINE_RETRY_TIERS: durationList.optional(),
  HOOKLINE_CONFIG: z.string().min(1).default('hookline.yaml'),
  HOOKLINE_PUBLIC_BASE_URL: z.url().optional(),
  HOOKLINE_CLAIM_CHECK_BYTES: positiveInt.default(256 * 1024),
  HOOKLINE_RELAY_INTERVAL_MS: positiveInt.default(5_000),
  HOOKLINE_TIMELINE: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
  HOOKLINE_TIMELINE_BUFFER: positiveInt.default(10_000),
  HOOKLINE_TIMELINE_BATCH: positiveInt.default(500),
  HOOKLINE_TIMELINE_FLUSH_MS: positiveInt.default(200),
  HOOKLINE_TIMELINE_SWEEP_MS: positiveInt.default(300_000),
  HOOKLINE_INGEST_PUBLISH_DELAY_MS: z.coerce.number().int().min(0).default(0),
  HOOKLINE_REPLAY_LEASE_MS: z.coerce.number().int().min(1_000).default(15_000),
  HOOKLINE_REPLAY_DEFAULT_RATE: positiveInt.default(50),
  HOOKLINE_REPLAY_MAX_RATE: positiveInt.default(5_000),
  HOOKLINE_HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  HOOKLINE_HTTP_BODY_TIMEOUT_MS: positiveInt.default(10_000),
  HOOKLINE_HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(5_000),
  HOOKLINE_HTTP_MAX_CONNECTIONS: positiveInt.default(1_000),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(6_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: positiveInt.default(1_000),
  KAFKA_REBALANCE_TIMEOUT_MS: positiveInt.default(30_000),
  KAFKA_CONSUMER_RESTART_MS: positiveInt.default(1_000),
  KAFKA_LAG_INTERVAL_MS: positiveInt.default(5_000),
  KAFKA_FETCH_MIN_BYTES: positiveInt.default(DEFAULT_CONSUMER_GROUP_SETTINGS.fetchMinBytes),
  KAFKA_FETCH_MAX_WAIT_MS: positiveInt.default(DEFAULT_CONSUMER_GROUP_SETTINGS.fetchMaxWaitMs),
  KAFKA_COMPRESSION: z.enum(['gzip', 'none']).default(ProducerDefaults.compression),
  KAFKA_LINGER_MS: z.coerce.number().int().min(0).default(ProducerDefaults.lingerMs),
  HOOKLINE_METRICS_URLS: metricsTargets.default([]),
  HOOKLINE_CONSOLE_DIR: z.string().min(1).optional(),
  ...TelemetryEnvShape,
});

export interface ServiceConfig {
  service: ServiceName;
  instanceId: string;
  version: string;
  http: HttpOptions;
  logLevel: HooklineLogLevel;
  /**
   * Traces (started by `startTelemetry` in each service's main.ts, which reads the same
   * variables): exported over OTLP/HTTP when an endpoint is set; without one, or
   * disabled, no span is recorded and `traceparent` is handed on unchanged.
   */
  kafka: KafkaOptions;
  database: DatabaseOptions;
  readiness: { checkTimeoutMs: number; heartbeatMs: number };
  /** How the service writes its event timeline entries (batched, off the hot path). */
  timeline: TimelineWriterOptions & {
    /** How often the replay service deletes entries older than `timeline.retention`. */
    sweepIntervalMs: number;
  };
  /** The `hookline.yaml` (tenants, sources, destinations, routes), for services that need it. */
  configPath: string;
  ingest: {
    /** Where providers reach ingest, for signatures over the full URL (HubSpot v3). */
    publicBaseUrl?: string;
    /** Bodies larger than this travel as a claim check to the raw store. */
    claimCheckBytes: number;
    /** How often the outbox relay republishes what was committed but not published. */
    relayIntervalMs: number;
    /** Fault injection for crash tests: wait this long between the 200 and the publish. */
    publishDelayMs: number;
  };
  /** The replay app's operator console and its overview. */
  console: {
    /** The built console's folder; none: the build's own (`dist/apps/console`). */
    staticDir?: string;
    /** The services' Prometheus endpoints that the overview reads. */
    metricsTargets: { service: string; url: string }[];
  };
  replay: {
    /** How long a replay instance holds a running job without renewing (a crashed one's job is taken over after it). */
    leaseMs: number;
    /** Records per second of a job that names no rate. */
    defaultRate: number;
    /** The highest rate a job may ask for. */
    maxRate: number;
  };
}

/** Where the service listens, and how long it waits for slow or idle clients. */
export interface HttpOptions {
  host: string;
  port: number;
  /** From the connection (or the end of the previous request) to the last header line. */
  headersTimeoutMs: number;
  /** From the headers to the last body byte; ingest sources may set their own. */
  bodyTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are closed as they arrive. */
  maxConnections: number;
}

/** Thrown when the environment does not describe a runnable service; names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadServiceConfig(
  service: ServiceName,
  env: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0] ?? '')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration for ${service}: ${problems.join('; ')}`);
  }
  const unsupported = unsupportedTelemetryVariables(env);
  if (unsupported.length > 0)
    throw new ConfigError(
      `invalid configuration for ${service}: ${unsupported.map((name) => `${name}: not supported`).join('; ')} (supported: ${SUPPORTED_TELEMETRY_VARIABLES.join(', ')})`,
    );
  const e = parsed.data;
  // kafkajs refuses this too, but only once a consumer starts; say it at load.
  if (e.KAFKA_HEARTBEAT_INTERVAL_MS >= e.KAFKA_SESSION_TIMEOUT_MS)
    throw new ConfigError(
      `invalid configuration for ${service}: KAFKA_HEARTBEAT_INTERVAL_MS: must be below KAFKA_SESSION_TIMEOUT_MS (${e.KAFKA_SESSION_TIMEOUT_MS})`,
    );
  // A fetch that may wait at the broker as long as the request timeout would time out.
  if (e.KAFKA_FETCH_MAX_WAIT_MS >= e.KAFKA_REQUEST_TIMEOUT_MS)
    throw new ConfigError(
      `invalid configuration for ${service}: KAFKA_FETCH_MAX_WAIT_MS: must be below KAFKA_REQUEST_TIMEOUT_MS (${e.KAFKA_REQUEST_TIMEOUT_MS})`,
    );
  return {
    service,
    instanceId: `${service}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    version: e.HOOKLINE_VERSION,
    http: {
      host: e.HOST,
      port: e.PORT ?? ServiceDefaults[service].port,
      headersTimeoutMs: e.HOOKLINE_HTTP_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.HOOKLINE_HTTP_BODY_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HOOKLINE_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.HOOKLINE_HTTP_MAX_CONNECTIONS,
    },
    logLevel: e.LOG_LEVEL,
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? `hookline-${service}`,
      topicPrefix: e.HOOKLINE_TOPIC_PREFIX,
      connectionTimeoutMs: e.KAFKA_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: e.KAFKA_REQUEST_TIMEOUT_MS,
      topology: {
        prefix: e.HOOKLINE_TOPIC_PREFIX,
        partitions: e.HOOKLINE_TOPIC_PARTITIONS,
        replicationFactor: e.HOOKLINE_TOPIC_REPLICATION_FACTOR,
        minInsyncReplicas: e.HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS,
        retentionMs: parseDuration(e.HOOKLINE_TOPIC_RETENTION),
        deadLetterRetentionMs: parseDuration(e.HOOKLINE_DLT_RETENTION),
        retryTiers: e.HOOKLINE_RETRY_TIERS
          ? Object.fromEntries(
              Object.values(Topics).map((topic) => [topic, e.HOOKLINE_RETRY_TIERS]),
            )
          : {},
      },
      ...(e.HOOKLINE_RETRY_TIERS ? { retryTiers: e.HOOKLINE_RETRY_TIERS } : {}),
      producer: { compression: e.KAFKA_COMPRESSION, lingerMs: e.KAFKA_LINGER_MS },
      consumer: {
        sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS,
        rebalanceTimeoutMs: e.KAFKA_REBALANCE_TIMEOUT_MS,
        restartDelayMs: e.KAFKA_CONSUMER_RESTART_MS,
        lagIntervalMs: e.KAFKA_LAG_INTERVAL_MS,
        fetchMinBytes: e.KAFKA_FETCH_MIN_BYTES,
        fetchMaxWaitMs: e.KAFKA_FETCH_MAX_WAIT_MS,
      },
    },
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      applicationName: `hookline-${service}`,
      connectTimeoutMs: 5_000,
    },
    readiness: {
      checkTimeoutMs: e.HOOKLINE_READY_TIMEOUT_MS,
      heartbeatMs: e.HOOKLINE_HEARTBEAT_MS,
    },
    timeline: {
      enabled: e.HOOKLINE_TIMELINE === 'on',
      maxBuffered: e.HOOKLINE_TIMELINE_BUFFER,
      batchSize: Math.min(e.HOOKLINE_TIMELINE_BATCH, e.HOOKLINE_TIMELINE_BUFFER),
      flushIntervalMs: e.HOOKLINE_TIMELINE_FLUSH_MS,
      sweepIntervalMs: e.HOOKLINE_TIMELINE_SWEEP_MS,
    },
    configPath: e.HOOKLINE_CONFIG,
    ingest: {
      ...(e.HOOKLINE_PUBLIC_BASE_URL ? { publicBaseUrl: e.HOOKLINE_PUBLIC_BASE_URL } : {}),
      claimCheckBytes: e.HOOKLINE_CLAIM_CHECK_BYTES,
      relayIntervalMs: e.HOOKLINE_RELAY_INTERVAL_MS,
      publishDelayMs: e.HOOKLINE_INGEST_PUBLISH_DELAY_MS,
    },
    console: {
      ...(e.HOOKLINE_CONSOLE_DIR ? { staticDir: e.HOOKLINE_CONSOLE_DIR } : {}),
      metricsTargets: e.HOOKLINE_METRICS_URLS,
    },
    replay: {
      leaseMs: e.HOOKLINE_REPLAY_LEASE_MS,
      defaultRate: e.HOOKLINE_REPLAY_DEFAULT_RATE,
      maxRate: e.HOOKLINE_REPLAY_MAX_RATE,
    },
  };
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Every variable a service reads, so deployment manifests can be checked against it. */
export const SERVICE_ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);
