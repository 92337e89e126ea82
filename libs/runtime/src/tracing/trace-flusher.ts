import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { flushTracing } from '@hookline/observability';

/** Exports the spans still buffered when the service stops (consumers have finished by then). */
@Injectable()
export class TraceFlusher implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}
