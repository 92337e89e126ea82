import { createHash } from 'node:crypto';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliveriesContract, EventsContract, type IntegrationEvent } from '@hookline/contracts';
import { KafkaConnection, PermanentError, type RecordContext } from '@hookline/kafka';
import { ServiceMetrics } from '@hookline/observability';
import { HooklineConfigService } from '@hookline/runtime';
import { matchRoutes } from './route-matcher.js';

/**
 * `hookline.events.v1` → `hookline.deliveries.v1`: one delivery task per route that
 * selects the event. An event no route selects reaches its terminal state here
 * (filtered out), counted and logged at debug.
 */
@Controller()
export class EventsHandler {
  private readonly logger = new Logger(EventsHandler.name);
  private readonly outcomes;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly config: HooklineConfigService,
    metrics: ServiceMetrics,
  ) {
    this.outcomes = metrics.counter('hookline_router_events_total', 'Events routed, by outcome', [
      'tenant',
      'outcome',
    ]);
  }

  @EventPattern(EventsContract)
  async route(@Payload() event: IntegrationEvent, @Ctx() context: RecordContext): Promise<void> {
    const { routes, failed } = matchRoutes(this.config.current, event);
    if (routes.length === 0 && failed.length === 0) {
      this.outcomes.inc({ tenant: event.tenantId, outcome: 'filtered_out' });
      this.logger.debug(`event ${event.id} (${event.type}) matched no route`);
      return;
    }
    const headers = {
      correlationId: context.headers.correlationId ?? event.id,
      tenantId: event.tenantId,
      ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
    };
    await Promise.all(
      routes.map((route) =>
        this.kafka.producer.publish(
          DeliveriesContract,
          {
            // Stable per (event, route): a redelivered event yields the same task ids.
            deliveryId: `dlv_${createHash('sha256').update(`${event.id}\u0000${route.id}`).digest('hex').slice(0, 32)}`,
            tenantId: event.tenantId,
            destinationId: route.destination,
            routeId: route.id,
            event,
          },
          headers,
        ),
      ),
    );
    if (routes.length > 0) this.outcomes.inc({ tenant: event.tenantId, outcome: 'routed' }, 1);
    if (failed.length > 0) {
      // The other routes got their tasks above; this record goes to the dead-letter topic
      // at once with the reason (a replay re-publishes the same task ids).
      this.outcomes.inc({ tenant: event.tenantId, outcome: 'filter_failed' });
      throw new PermanentError(
        failed
          .map(({ route, reason }) => `route ${route.id}: filter failed on this event: ${reason}`)
          .join('; '),
      );
    }
  }
}
