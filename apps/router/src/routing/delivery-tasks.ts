import { createHash } from 'node:crypto';
import { applyTransform, type RouteConfig } from '@hookline/config';
import { type DeliveryTask, type IntegrationEvent } from '@hookline/contracts';

/** The tasks of the routes that selected an event, and the routes whose transform failed on it. */
export interface RoutedTasks {
  tasks: DeliveryTask[];
  failed: { route: RouteConfig; reason: string }[];
}

/**
 * One delivery task per selected route; a route with a transform carries the transform's
 * result as the task's payload. A transform that fails (an error, too slow, too large)
 * fails that route only.
 */
export async function deliveryTasksFor(
  event: IntegrationEvent,
  routes: readonly RouteConfig[],
): Promise<RoutedTasks> {
  const result: RoutedTasks = { tasks: [], failed: [] };
  for (const route of routes) {
    const task: DeliveryTask = {
      // Stable per (event, route): a redelivered event yields the same task ids.
      deliveryId: `dlv_${createHash('sha256').update(`${event.id}\u0000${route.id}`).digest('hex').slice(0, 32)}`,
      tenantId: event.tenantid,
      destinationId: route.destination,
      routeId: route.id,
      event,
    };
    if (route.transform === undefined) {
      result.tasks.push(task);
      continue;
    }
    try {
      result.tasks.push({ ...task, payload: await applyTransform(route.transform, event) });
    } catch (error) {
      result.failed.push({ route, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
