// The benchmark's route through the NestJS transport: a controller whose @EventPattern
// handler forwards to the measured one, registered by NestJS as a service's would be.
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { testContract, type TestRecord } from '../consumer/consumer-test-kit.js';
import { type RecordContext, type TopicHandler } from '../consumer/consumer.types.js';
import { connectKafkaTransport } from '../transport/connect-kafka-transport.js';
import { KafkaRecordContext } from '../transport/record-context.host.js';
import { type HandlerRoute } from './runtime-consumer.bench.js';

let target: TopicHandler<TestRecord>['handle'] = async () => {};

@Controller()
class BenchRecordsHandler {
  @EventPattern(testContract, { retryTiers: ['1m'] })
  handle(@Payload() record: TestRecord, @Ctx() context: KafkaRecordContext): Promise<void> {
    return target(record, context as RecordContext);
  }
}

@Module({ controllers: [BenchRecordsHandler] })
class BenchModule {}

export const throughTransport: HandlerRoute = async (handler) => {
  target = handler.handle;
  const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false });
  let collected: readonly TopicHandler<unknown>[] = [];
  connectKafkaTransport(app, {
    launch: (handlers) => void (collected = handlers),
    stop: async () => {},
  });
  await app.startAllMicroservices();
  await app.init();
  const [routed] = collected;
  if (!routed) throw new Error('the transport registered no handler');
  return { handler: routed, close: () => app.close() };
};
