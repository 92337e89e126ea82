import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyRequest } from 'fastify';
import { type ServiceName } from '@hookline/contracts';
import { connectKafkaTransport } from '@hookline/kafka';
import { ServiceMetrics, setHttpRoute } from '@hookline/observability';
import { ConfigError, loadServiceConfig, type ServiceConfig } from './config/service-config.js';
import { ClientLimits, ConnectionCutMetrics } from './http/client-limits.js';
import { ConsumerStarter } from './pipeline/consumer-starter.service.js';

export interface ServiceAppOptions {
  /** Runs before the app initialises, e.g. to take over body parsing (ingest keeps raw bytes). */
  configureHttp?(app: NestFastifyApplication): void;
  /** Runs before the app initialises, keeping Nest's body parsing (e.g. to serve an OpenAPI document). */
  configureApp?(app: NestFastifyApplication, config: ServiceConfig): void;
  /** A request's own body deadline (ingest: its source's); undefined: the service's. */
  bodyTimeoutFor?(app: NestFastifyApplication, request: FastifyRequest): number | undefined;
}

/**
 * Builds a service's Nest application on Fastify with its Kafka handlers connected as a
 * microservice (they start consuming once Kafka and PostgreSQL are connected), without
 * listening for HTTP yet.
 */
export async function createServiceApp(
  module: DynamicModule,
  config: ServiceConfig,
  options: ServiceAppOptions = {},
): Promise<NestFastifyApplication> {
  // Tracing, when on, was started by the service's main.ts before its modules loaded
  // (startTelemetry); in-process tests start it themselves.
  const cuts = new ConnectionCutMetrics();
  const limits = new ClientLimits(config.http, cuts.record);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter(limits.fastifyOptions()),
    // Nest's start-up lines wait for the pino logger (RuntimeModule's) instead of the console.
    { bufferLogs: true, bodyParser: !options.configureHttp },
  );
  app.useLogger(app.get(Logger));
  cuts.bind(app.get(ServiceMetrics));
  // The HTTP instrumentation's server span is named after the route Fastify matched.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, _reply, done) => {
      setHttpRoute(request.routeOptions.url);
      done();
    });
  limits.install(
    app.getHttpAdapter().getInstance(),
    options.bodyTimeoutFor && ((request: FastifyRequest) => options.bodyTimeoutFor?.(app, request)),
  );
  options.configureHttp?.(app);
  options.configureApp?.(app, config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  connectKafkaTransport(app, app.get(ConsumerStarter));
  await app.startAllMicroservices();
  return app;
}

/**
 * A service's whole `main`: read configuration once, build, listen. A configuration
 * error is one line on stderr and exit code 78 (EX_CONFIG), not a stack trace.
 */
export async function runService(
  service: ServiceName,
  moduleFor: (config: ServiceConfig) => DynamicModule,
  options: ServiceAppOptions = {},
): Promise<INestApplication> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(service);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const app = await createServiceApp(moduleFor(config), config, options);
  await app.listen(config.http.port, config.http.host);
  app.get(Logger).log(`listening on ${await app.getUrl()}`, 'Bootstrap');
  return app;
}
