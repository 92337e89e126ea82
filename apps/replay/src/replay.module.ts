import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';
import { OperatorApiModule } from './api/operator-api.module.js';
import { DeadLetterRecorder } from './dead-letters/dead-letter-recorder.js';
import { TimelineRetention } from './timeline/timeline-retention.service.js';

@Module({})
export class ReplayModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ReplayModule,
      imports: [RuntimeModule.forService(config), OperatorApiModule],
      controllers: [DeadLetterRecorder],
      providers: [TimelineRetention],
    };
  }
}
