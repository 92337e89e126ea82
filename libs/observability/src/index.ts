export * from './logger.js';
export * from './metrics/service-metrics.js';
export * from './metrics/consumer-metrics.prometheus.js';
export * from './metrics/metrics.controller.js';
export * from './tracing/tracing.js';
export * from './tracing/telemetry.js';
