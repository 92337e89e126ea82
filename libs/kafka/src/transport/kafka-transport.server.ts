import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { type RecordContext, type TopicHandler } from '../consumer/consumer.types.js';
import { HandlerDeclarationError, readHandlerDeclaration } from './event-handler-declaration.js';
import { KafkaRecordContext } from './record-context.host.js';

/**
 * Runs the handlers the transport collected: Hookline's consumer runtime, started and
 * stopped with the service (see libs/runtime's ConsumerStarter).
 */
export interface ConsumerLauncher {
  /**
   * Takes every declared handler once the microservice listens and starts consuming in
   * the background. Throws when a declaration cannot run; the service then fails to start.
   */
  launch(handlers: readonly TopicHandler<unknown>[]): void;
  /** Lets in-flight records finish, commits them and leaves the groups (idempotent). */
  stop(): Promise<void>;
}

/**
 * Hookline's Kafka consumer runtime as a NestJS microservices transport. Handlers are
 * declared with `@EventPattern(<topic contract>, <handler options>)` on a controller and
 * take `@Payload()` (the decoded, validated record) and `@Ctx()` (a `KafkaRecordContext`);
 * NestJS's pipes, guards, interceptors and exception filters run around them. Keyed
 * lanes, prefix commits, retry tiers, dead letters and draining stay the runtime's.
 */
export class KafkaTransport extends Server implements CustomTransportStrategy {
  private readonly handlers = new Map<string, TopicHandler<unknown>>();

  constructor(private readonly launcher: ConsumerLauncher) {
    super();
  }

  /** Called by NestJS for every `@EventPattern` of the application's controllers. */
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const { contract, options } = readHandlerDeclaration(pattern, isEventHandler, extras);
    const id = `${options.deadLetters ? 'dead letters of ' : ''}${contract.topic}`;
    if (this.handlers.has(id)) {
      throw new HandlerDeclarationError(
        `@EventPattern(${contract.topic}): ${id} has two handlers in this service; one handler per topic`,
      );
    }
    this.handlers.set(id, {
      contract,
      options,
      handle: (value, context) => runHandler(callback, value, context),
    });
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      this.launcher.launch([...this.handlers.values()]);
    } catch (error) {
      callback(error);
      return;
    }
    callback();
  }

  async close(): Promise<void> {
    await this.launcher.stop();
  }

  /** The transport has no events of its own; consumers report through metrics and logs. */
  on(): never {
    throw new Error('the Hookline Kafka transport emits no events');
  }

  unwrap<T>(): T {
    throw new Error('the Hookline Kafka transport has no client to unwrap; use KafkaConnection');
  }
}

/**
 * Calls the NestJS handler chain and waits for its outcome: a returned observable is run
 * to its end, and an error (after the exception filters) rejects, so the runtime can
 * route it to a retry tier or the dead-letter topic.
 */
async function runHandler(
  callback: MessageHandler,
  value: unknown,
  context: RecordContext,
): Promise<void> {
  const result: unknown = await callback(value, new KafkaRecordContext(context));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
