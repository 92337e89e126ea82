import { type INestApplication, type INestMicroservice } from '@nestjs/common';
import { type CustomStrategy, type NestMicroservice } from '@nestjs/microservices';
import { type ConsumerLauncher, KafkaTransport } from './kafka-transport.server.js';
import { RecordFailureFilter } from './record-failure.filter.js';

/**
 * Connects the Kafka transport to an application (`connectMicroservice`); start it with
 * `app.startAllMicroservices()` before `app.listen()`.
 *
 * NestJS registers a connected microservice's handlers at once, with the filters known
 * then; the registration is deferred here so that `RecordFailureFilter` is in every
 * handler's chain (see there why it must be).
 */
export function connectKafkaTransport(
  app: INestApplication,
  launcher: ConsumerLauncher,
): INestMicroservice {
  const microservice = app.connectMicroservice<CustomStrategy>(
    { strategy: new KafkaTransport(launcher) },
    { deferInitialization: true },
  );
  microservice.useGlobalFilters(new RecordFailureFilter());
  // What connectMicroservice does itself without deferInitialization: the application
  // owns the lifecycle hooks, the microservice only registers its handlers.
  const hybrid = microservice as NestMicroservice;
  hybrid.registerListeners();
  hybrid.setIsInitialized(true);
  hybrid.setIsInitHookCalled(true);
  return microservice;
}
