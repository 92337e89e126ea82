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
