import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaConsumers } from './consumer/kafka-consumers.service.js';
import { KafkaConnection } from './kafka.connection.js';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka.options.js';

@Module({})
export class KafkaModule {
  static forRoot(options: KafkaOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [{ provide: KAFKA_OPTIONS, useValue: options }, KafkaConnection, KafkaConsumers],
      exports: [KafkaConnection, KafkaConsumers, KAFKA_OPTIONS],
    };
  }
}
