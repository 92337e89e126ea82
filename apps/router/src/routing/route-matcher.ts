import { compileFilter, type HooklineConfig, type RouteConfig } from '@hookline/config';
import { type IntegrationEvent } from '@hookline/contracts';
import picomatch from 'picomatch';

const typeMatchers = new Map<string, (type: string) => boolean>();

function typeMatcher(glob: string): (type: string) => boolean {
  let matcher = typeMatchers.get(glob);
  if (!matcher) {
    matcher = picomatch(glob);
    typeMatchers.set(glob, matcher);
  }
  return matcher;
}

export interface RouteMatch {
  /** Routes whose event types and filter select the event. */
  routes: RouteConfig[];
  /** Routes whose filter threw on this event's data: retrying the same data cannot help. */
  failed: { route: RouteConfig; reason: string }[];
  /** Whether any route's event types select the event (false: the event is unrouted). */
  typeMatched: boolean;
}

/** The routes of the event's tenant whose event types and filter select the event. */
export function matchRoutes(config: HooklineConfig, event: IntegrationEvent): RouteMatch {
  const match: RouteMatch = { routes: [], failed: [], typeMatched: false };
  const tenant = config.tenants.find((candidate) => candidate.id === event.tenantid);
  if (!tenant) return match;
  for (const route of tenant.routes) {
    if (!route.eventTypes.some((glob) => typeMatcher(glob)(event.type))) continue;
    match.typeMatched = true;
    try {
      if (route.filter === undefined || compileFilter(route.filter)(event))
        match.routes.push(route);
    } catch (error) {
      match.failed.push({ route, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return match;
}
