export * from './logging/log-context.js';
export * from './logging/service-log-options.js';
export * from './logging/service-logger.module.js';
export * from './metrics/service-metrics.js';
export * from './metrics/consumer-metrics.prometheus.js';
export * from './metrics/producer-metrics.prometheus.js';
export * from './metrics/metrics.controller.js';
export * from './tracing/tracing.js';
