import { parseDuration } from '@hookline/contracts';
import { z } from 'zod';

/** Ids appear in URLs (`/hooks/{sourceId}`), Kafka keys and the console: keep them URL-safe. */
export const ConfigId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/,
    'expected 1-64 URL-safe characters (letters, digits, ".", "_", "~", "-"), starting with a letter or digit',
  );

/** A duration such as `500ms`, `2s`, `1m`, `2h` (see `parseDuration`). */
export const Duration = z.string().superRefine((text, ctx) => {
  try {
    parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message, input: text });
  }
});

export const RateLimit = z.strictObject({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().positive().optional(),
});
export type RateLimit = z.output<typeof RateLimit>;
