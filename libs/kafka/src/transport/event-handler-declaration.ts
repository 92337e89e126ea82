import { type TopicContract } from '@hookline/contracts';
import { z } from 'zod';
import { type HandlerOptions } from '../consumer/consumer.types.js';

/** A handler declaration the transport cannot run; the service refuses to start. */
export class HandlerDeclarationError extends Error {
  override readonly name = 'HandlerDeclarationError';
}

// Every option the runtime implements, and nothing else: a typo or an option that does
// nothing is refused at start instead of being ignored.
const handlerOptionsShape = {
  retryTiers: z.array(z.string()).readonly().optional(),
  jitter: z.number().optional(),
  concurrency: z.number().int().positive().optional(),
  partitionsConcurrently: z.number().int().positive().optional(),
  classify: z
    .custom<NonNullable<HandlerOptions['classify']>>((value) => typeof value === 'function', {
      error: 'must be a function',
    })
    .optional(),
  groupId: z.string().min(1).optional(),
  sessionTimeoutMs: z.number().int().positive().optional(),
  deadLetters: z.boolean().optional(),
} satisfies { [Option in keyof Required<HandlerOptions>]: z.ZodType };
const HandlerOptionsSchema = z.strictObject(handlerOptionsShape);
const DEAD_LETTER_UNUSED = ['retryTiers', 'jitter', 'classify'] as const;

function isTopicContract(pattern: unknown): pattern is TopicContract<unknown> {
  if (typeof pattern !== 'object' || pattern === null) return false;
  const candidate = pattern as Partial<TopicContract<unknown>>;
  return (
    typeof candidate.topic === 'string' &&
    typeof candidate.key === 'function' &&
    typeof candidate.schema?.safeParse === 'function'
  );
}

function describePattern(pattern: unknown): string {
  if (isTopicContract(pattern)) return pattern.topic;
  return typeof pattern === 'string'
    ? `'${pattern}'`
    : (JSON.stringify(pattern) ?? String(pattern));
}

/**
 * Reads one `@EventPattern(contract, options)` declaration: the pattern must be a topic
 * contract from `@hookline/contracts` and the extras the handler's `HandlerOptions`.
 */
export function readHandlerDeclaration(
  pattern: unknown,
  isEventHandler: boolean,
  extras: Record<string, unknown>,
): { contract: TopicContract<unknown>; options: HandlerOptions } {
  const where = `@${isEventHandler ? 'EventPattern' : 'MessagePattern'}(${describePattern(pattern)})`;
  if (!isTopicContract(pattern)) {
    throw new HandlerDeclarationError(
      `${where}: the pattern must be a topic contract from @hookline/contracts (e.g. EventsContract)`,
    );
  }
  if (!isEventHandler) {
    throw new HandlerDeclarationError(
      `${where}: Kafka records are events with no reply; declare the handler with @EventPattern`,
    );
  }
  const parsed = HandlerOptionsSchema.safeParse(extras);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    throw new HandlerDeclarationError(`${where}: invalid handler options: ${problems.join('; ')}`);
  }
  const options = parsed.data;
  if (options.deadLetters) {
    // A dead letter's failures are redelivered, never routed: these would do nothing.
    const unused = DEAD_LETTER_UNUSED.filter((option) => options[option] !== undefined);
    if (unused.length > 0)
      throw new HandlerDeclarationError(
        `${where}: ${unused.join(', ')} do not apply to a dead-letter handler (its failures are redelivered)`,
      );
  }
  return { contract: pattern, options };
}
