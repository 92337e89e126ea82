/** The five Hookline services, with the HTTP port each listens on by default. */
export const ServiceDefaults = {
  ingest: { port: 8080 },
  normalizer: { port: 8081 },
  router: { port: 8082 },
  executor: { port: 8083 },
  replay: { port: 8084 },
} as const;

export type ServiceName = keyof typeof ServiceDefaults;

export const SERVICE_NAMES = Object.keys(ServiceDefaults) as ServiceName[];

/**
 * How every service's producer sends to Kafka unless `KAFKA_COMPRESSION` and
 * `KAFKA_LINGER_MS` say otherwise (docs/kafka.md, "Throughput settings"): no codec (gzip
 * costs the client and the broker more CPU than it saves on a local network) and 10 ms
 * for a record to wait for company (fewer, larger requests).
 */
export const ProducerDefaults = { compression: 'none', lingerMs: 10 } as const;
