import { Module } from '@nestjs/common';
import { HooklineConfigModule } from '@hookline/runtime';
import { MetricsScraper } from '../overview/metrics-scraper.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';
import { LastReceivedRepository } from './last-received.repository.js';
import { SetDestinationEnabled } from './set-destination-enabled.usecase.js';

@Module({
  imports: [HooklineConfigModule],
  controllers: [CatalogController],
  providers: [CatalogService, LastReceivedRepository, MetricsScraper, SetDestinationEnabled],
})
export class CatalogModule {}
