import { parseDuration } from '@hookline/contracts';
import { z } from 'zod';
import { Duration } from './primitives.js';

const ONE_HOUR_MS = 3_600_000;

/** The event timeline: how long entries are kept (the replay service deletes older ones). */
export const Timeline = z.strictObject({
  retention: Duration.refine(
    (text) => {
      try {
        return parseDuration(text) >= ONE_HOUR_MS;
      } catch {
        return true; // Duration has said why already.
      }
    },
    { message: 'expected a retention of at least 1h' },
  ).default('30d'),
});
