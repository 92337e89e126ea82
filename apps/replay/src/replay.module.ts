import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';
import { CatalogModule } from './api/catalog/catalog.module.js';
import { OperatorApiModule } from './api/operator-api.module.js';
import { OverviewModule } from './api/overview/overview.module.js';
import { ConsoleStaticModule } from './console/console-static.module.js';
import { DeadLetterRecorder } from './dead-letters/dead-letter-recorder.js';
import { TimelineRetention } from './timeline/timeline-retention.service.js';
import { ReplaysModule } from './replays/replays.module.js';

@Module({})
export class ReplayModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ReplayModule,
      imports: [
        RuntimeModule.forService(config),
        OperatorApiModule,
        ReplaysModule,
        OverviewModule,
        CatalogModule,
        ConsoleStaticModule.register(config),
      ],
      controllers: [DeadLetterRecorder],
      providers: [TimelineRetention],
    };
  }
}
