import { Module } from '@nestjs/common';
import { HooklineConfigModule } from '@hookline/runtime';
import { GetOverview } from './get-overview.usecase.js';
import { MetricsScraper } from './metrics-scraper.js';
import { OverviewController } from './overview.controller.js';
import { OverviewRepository } from './overview.repository.js';

@Module({
  imports: [HooklineConfigModule],
  controllers: [OverviewController],
  providers: [GetOverview, MetricsScraper, OverviewRepository],
})
export class OverviewModule {}
