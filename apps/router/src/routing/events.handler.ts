import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliveriesContract, EventsContract, type IntegrationEvent } from '@hookline/contracts';
import { KafkaConnection, PermanentError, type RecordContext } from '@hookline/kafka';
import { ServiceMetrics, withLogContext } from '@hookline/observability';
import { eventEntry, HooklineConfigService, occurredAt, TimelineWriter } from '@hookline/runtime';
import { deliveryTasksFor } from './delivery-tasks.js';
import { matchRoutes } from './route-matcher.js';

/**
 * `hookline.events.v1` → `hookline.deliveries.v1`: one delivery task per route that
 * selects the event. An event no route selects reaches its terminal state here
 * (filtered out or unrouted), counted, logged at debug and written to the timeline.
 */
@Controller()
export class EventsHandler {
  private readonly logger = new Logger(EventsHandler.name);
  private readonly outcomes;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly config: HooklineConfigService,
    private readonly timeline: TimelineWriter,
    metrics: ServiceMetrics,
  ) {
    this.outcomes = metrics.counter('hookline_router_events_total', 'Events routed, by outcome', [
      'tenant',
      'outcome',
    ]);
  }

  @EventPattern(EventsContract)
  route(@Payload() event: IntegrationEvent, @Ctx() context: RecordContext): Promise<void> {
    return withLogContext({ eventId: event.id }, () => this.routeEvent(event, context));
  }

  private async routeEvent(event: IntegrationEvent, context: RecordContext): Promise<void> {
    const { routes, failed: filterFailed, typeMatched } = matchRoutes(this.config.current, event);
    const transition = {
      stage: 'router',
      occurredAt: occurredAt(context.timestamp),
      correlationId: context.headers.correlationId,
    } as const;
    if (routes.length === 0 && filterFailed.length === 0) {
      // Unrouted: no route takes its type; filtered out: routes take its type, their filters not.
      const outcome = typeMatched ? 'filtered_out' : 'unrouted';
      this.outcomes.inc({ tenant: event.tenantid, outcome });
      this.logger.debug(`event ${event.id} (${event.type}) ${outcome.replace('_', ' ')}`);
      this.timeline.record(
        eventEntry(event, {
          ...transition,
          state: typeMatched ? 'filtered' : 'unrouted',
          detail: { type: event.type },
        }),
      );
      return;
    }
    const { tasks, failed: transformFailed } = await deliveryTasksFor(event, routes);
    const headers = {
      correlationId: context.headers.correlationId ?? event.id,
      tenantId: event.tenantid,
      ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
    };
    await Promise.all(
      tasks.map((task) => this.kafka.producer.publish(DeliveriesContract, task, headers)),
    );
    if (tasks.length > 0) {
      this.outcomes.inc({ tenant: event.tenantid, outcome: 'routed' }, 1);
      this.timeline.record(
        eventEntry(event, {
          ...transition,
          state: 'routed',
          detail: {
            destinations: tasks.map((task) => task.destinationId),
            routes: tasks.map((task) => task.routeId),
            deliveryIds: tasks.map((task) => task.deliveryId),
          },
        }),
      );
    }
    if (filterFailed.length > 0 || transformFailed.length > 0) {
      // The other routes got their tasks above; this record goes to the dead-letter topic
      // at once with the reason (a replay re-publishes the same task ids).
      if (filterFailed.length > 0)
        this.outcomes.inc({ tenant: event.tenantid, outcome: 'filter_failed' });
      if (transformFailed.length > 0)
        this.outcomes.inc({ tenant: event.tenantid, outcome: 'transform_failed' });
      throw new PermanentError(
        [
          ...filterFailed.map(
            ({ route, reason }) => `route ${route.id}: filter failed on this event: ${reason}`,
          ),
          ...transformFailed.map(
            ({ route, reason }) => `route ${route.id}: transform failed on this event: ${reason}`,
          ),
        ].join('; '),
      );
    }
  }
}
