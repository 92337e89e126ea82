import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadServiceConfig } from './service-config.js';

const base = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:15432/hookline',
};

describe('loadServiceConfig', () => {
  it('fills defaults from the service name', () => {
    const config = loadServiceConfig('router', base);
    expect(config.http).toEqual({
      host: '0.0.0.0',
      port: 8082,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1_000,
    });
    expect(config.kafka.consumer).toEqual({
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 1_000,
      rebalanceTimeoutMs: 30_000,
      restartDelayMs: 1_000,
      lagIntervalMs: 5_000,
      fetchMinBytes: 1,
      fetchMaxWaitMs: 1_000,
    });
    expect(config.kafka.clientId).toBe('hookline-router');
    expect(config.kafka.topicPrefix).toBe('');
    expect(config.logLevel).toBe('info');
    expect(config.instanceId).toMatch(/^router-/);
  });

  it('splits a broker list and trims it', () => {
    const config = loadServiceConfig('ingest', { ...base, KAFKA_BROKERS: ' a:9092, b:9093 ,' });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
  });

  it('names every variable that is wrong', () => {
    const attempt = () =>
      loadServiceConfig('ingest', {
        KAFKA_BROKERS: 'no-port',
        DATABASE_URL: 'mysql://x',
        PORT: 'eighty',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_BROKERS: expected host:port/);
    expect(attempt).toThrow(/DATABASE_URL: expected a postgres:\/\/ URL/);
    expect(attempt).toThrow(/PORT:/);
  });

  it('refuses group settings the broker or kafkajs would refuse later', () => {
    expect(() =>
      loadServiceConfig('router', { ...base, KAFKA_SESSION_TIMEOUT_MS: '3000' }),
    ).toThrow(/KAFKA_SESSION_TIMEOUT_MS:/);
    expect(() =>
      loadServiceConfig('router', {
        ...base,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '6000',
      }),
    ).toThrow(/KAFKA_HEARTBEAT_INTERVAL_MS: must be below KAFKA_SESSION_TIMEOUT_MS \(6000\)/);
    expect(() =>
      loadServiceConfig('router', { ...base, KAFKA_FETCH_MAX_WAIT_MS: '30000' }),
    ).toThrow(/KAFKA_FETCH_MAX_WAIT_MS: must be below KAFKA_REQUEST_TIMEOUT_MS \(30000\)/);
    expect(() => loadServiceConfig('router', { ...base, KAFKA_FETCH_MIN_BYTES: '0' })).toThrow(
      /KAFKA_FETCH_MIN_BYTES:/,
    );
    expect(() =>
      loadServiceConfig('ingest', { ...base, HOOKLINE_HTTP_HEADERS_TIMEOUT_MS: '0' }),
    ).toThrow(/HOOKLINE_HTTP_HEADERS_TIMEOUT_MS:/);
  });

  it('reports missing required variables', () => {
    expect(() => loadServiceConfig('ingest', {})).toThrow(/KAFKA_BROKERS.*DATABASE_URL/);
  });

  it('validates the OpenTelemetry switches (the SDK itself reads them at start)', () => {
    expect(() =>
      loadServiceConfig('router', {
        ...base,
        OTEL_SDK_DISABLED: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }),
    ).not.toThrow();
    expect(() =>
      loadServiceConfig('router', { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadServiceConfig('router', { ...base, OTEL_SDK_DISABLED: 'yes' })).toThrow(
      /OTEL_SDK_DISABLED: expected true or false/,
    );
  });

  it('refuses OTEL_* variables it does not implement, naming each', () => {
    expect(() =>
      loadServiceConfig('router', {
        ...base,
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      }),
    ).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL: not supported; OTEL_TRACES_EXPORTER: not supported \(supported: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SDK_DISABLED, /,
    );
    // Those the SDK's own parts read are accepted.
    expect(() =>
      loadServiceConfig('router', {
        ...base,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer x',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging',
      }),
    ).not.toThrow();
  });
});
