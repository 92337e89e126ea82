import { type HooklineConfig, type RouteConfig } from '@hookline/config';
import { type IntegrationEvent } from '@hookline/contracts';
import { compileExpression } from 'filtrex';
import picomatch from 'picomatch';

type Predicate = (event: IntegrationEvent) => boolean;

const typeMatchers = new Map<string, (type: string) => boolean>();
const filters = new Map<string, Predicate>();

/**
 * Route filters are filtrex expressions (a small, safe expression language: no function
 * calls but the ones given, no access outside the event) over the event's fields, with
 * dotted paths: `data.amount_paid > 10000 and subject != "stripe:in_test"`.
 */
export function compileFilter(expression: string): Predicate {
  let predicate = filters.get(expression);
  if (!predicate) {
    const compiled = compileExpression(expression, {
      customProp: (path: string, _get: (name: string) => unknown, object: unknown) =>
        path
          .split('.')
          .reduce<unknown>(
            (value, key) => (value as Record<string, unknown> | undefined)?.[key],
            object,
          ),
    });
    // filtrex returns (not throws) errors such as a type mismatch: those count as no match.
    predicate = (event) => {
      const result: unknown = compiled(event);
      return result === true || result === 1;
    };
    filters.set(expression, predicate);
  }
  return predicate;
}

function typeMatcher(glob: string): (type: string) => boolean {
  let matcher = typeMatchers.get(glob);
  if (!matcher) {
    matcher = picomatch(glob);
    typeMatchers.set(glob, matcher);
  }
  return matcher;
}

/** The routes of the event's tenant whose event types and filter select the event. */
export function matchRoutes(config: HooklineConfig, event: IntegrationEvent): RouteConfig[] {
  const tenant = config.tenants.find((candidate) => candidate.id === event.tenantId);
  if (!tenant) return [];
  return tenant.routes.filter(
    (route) =>
      route.eventTypes.some((glob) => typeMatcher(glob)(event.type)) &&
      (route.filter === undefined || compileFilter(route.filter)(event)),
  );
}
