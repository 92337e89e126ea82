import { Controller, Get, Header } from '@nestjs/common';
import { ServiceMetrics } from './service-metrics.js';

@Controller()
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  /** Prometheus text exposition format. */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.render();
  }
}
