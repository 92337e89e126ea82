import { z } from 'zod';
import { Destination } from './destination.js';
import { ConfigId } from './primitives.js';
import { Route } from './route.js';
import { Source } from './source.js';
import { listAt, reportDuplicateIds, stringAt, whenObject } from './unique-ids.js';

/** One customer: the sources it receives from, the destinations it delivers to, and routes. */
export const Tenant = z
  .strictObject({
    id: ConfigId,
    name: z.string().trim().min(1).optional(),
    sources: z.array(Source).default([]),
    destinations: z.array(Destination).default([]),
    routes: z.array(Route).default([]),
  })
  .superRefine((tenant: unknown, ctx) => {
    const routes = listAt(tenant, 'routes');
    reportDuplicateIds(routes, 'route', (index) => ['routes', index], ctx);
    const destinations = listAt(tenant, 'destinations').flatMap(
      (item) => stringAt(item, 'id') ?? [],
    );
    routes.forEach((route, index) => {
      const destination = stringAt(route, 'destination');
      if (destination === undefined || destinations.includes(destination)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['routes', index, 'destination'],
        message:
          `unknown destination "${destination}": tenant "${stringAt(tenant, 'id') ?? '?'}" has ` +
          (destinations.length ? `destinations ${destinations.join(', ')}` : 'no destinations'),
      });
    });
  }, whenObject);
