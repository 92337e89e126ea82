import { BadRequestException } from '@nestjs/common';
import { type z } from 'zod';

/**
 * Validates a command's input (query, body, CLI flags) with its schema; a 400 names
 * every bad field: `limit: expected an integer from 1 to 200; from: expected an ISO 8601 time`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
  throw new BadRequestException(message);
}
