import { type TopicContract } from '@hookline/contracts';
import { type HandlerOptions } from './consumer.types.js';

export const HANDLE_TOPIC = Symbol('hookline:handle-topic');

export interface HandleTopicMetadata {
  contract: TopicContract<unknown>;
  options: HandlerOptions;
}

/**
 * Marks a provider method as the handler of a topic. Retry and dead-letter behaviour
 * is declared here; the runtime does the rest, and the handler never sees a retry
 * topic. Throw `PermanentError` for what retrying cannot fix.
 *
 * @example
 * @HandleTopic(DeliveriesContract, { retryTiers: ['1m', '5m', '30m', '2h'] })
 * async deliver(task: DeliveryTask, context: RecordContext) { ... }
 */
export function HandleTopic<T>(
  contract: TopicContract<T>,
  options: HandlerOptions = {},
): MethodDecorator {
  return (_target, _property, descriptor) => {
    Reflect.defineMetadata(
      HANDLE_TOPIC,
      { contract, options } satisfies HandleTopicMetadata,
      descriptor.value as object,
    );
    return descriptor;
  };
}

/**
 * Marks a provider method as the reader of a topic's dead-letter topic
 * (`<topic>.dlt`). It receives each `DeadLetterRecord` raw; when it throws, the record
 * is delivered again (after kafkajs's backoff) rather than routed anywhere.
 */
export function HandleDeadLetters<T>(
  contract: TopicContract<T>,
  options: Omit<HandlerOptions, 'deadLetters' | 'retryTiers'> = {},
): MethodDecorator {
  return HandleTopic(contract, { ...options, deadLetters: true });
}
