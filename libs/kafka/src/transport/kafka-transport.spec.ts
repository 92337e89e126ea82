import { describe, expect, it } from '@jest/globals';
import { type MessageHandler } from '@nestjs/microservices';
import { defer } from 'rxjs';
import { testContract } from '../consumer/consumer-test-kit.js';
import { type RecordContext, type TopicHandler } from '../consumer/consumer.types.js';
import { PermanentError } from '../errors.js';
import { HandlerDeclarationError } from './event-handler-declaration.js';
import { type ConsumerLauncher, KafkaTransport } from './kafka-transport.server.js';
import { KafkaRecordContext } from './record-context.host.js';

class RecordingLauncher implements ConsumerLauncher {
  launched: readonly TopicHandler<unknown>[] = [];
  stopped = 0;
  constructor(private readonly refuse?: Error) {}
  launch(handlers: readonly TopicHandler<unknown>[]): void {
    if (this.refuse) throw this.refuse;
    this.launched = handlers;
  }
  async stop(): Promise<void> {
    this.stopped += 1;
  }
}

const handler = (fn: (data: unknown, context: unknown) => unknown) =>
  fn as unknown as MessageHandler;

const recordContext = (): RecordContext & { schedules: (readonly string[])[] } => {
  const schedules: (readonly string[])[] = [];
  return {
    topic: 'main',
    partition: 1,
    offset: '7',
    key: 'k',
    headers: { tenantId: 't' },
    attempt: 2,
    origin: { topic: 'main', partition: 1, offset: '5' },
    useRetrySchedule: (delays) => void schedules.push(delays),
    schedules,
  };
};

function listen(transport: KafkaTransport): unknown {
  let outcome: unknown = 'not called';
  transport.listen((error?: unknown) => {
    outcome = error;
  });
  return outcome;
}

describe('KafkaTransport', () => {
  it('hands each @EventPattern handler with its options to the launcher when it listens', async () => {
    const launcher = new RecordingLauncher();
    const transport = new KafkaTransport(launcher);
    const calls: { data: unknown; context: unknown }[] = [];
    transport.addHandler(
      testContract,
      handler(async (data, context) => void calls.push({ data, context })),
      true,
      { retryTiers: ['1s', '5s'], concurrency: 4 },
    );
    transport.addHandler(
      testContract,
      handler(async () => undefined),
      true,
      { deadLetters: true },
    );

    expect(listen(transport)).toBeUndefined();
    expect(launcher.launched.map((h) => [h.contract.topic, h.options])).toEqual([
      [testContract.topic, { retryTiers: ['1s', '5s'], concurrency: 4 }],
      [testContract.topic, { deadLetters: true }],
    ]);

    const context = recordContext();
    await launcher.launched[0]?.handle({ id: 1, key: 'k' }, context);
    expect(calls[0]?.data).toEqual({ id: 1, key: 'k' });
    const received = calls[0]?.context as KafkaRecordContext;
    expect(received).toBeInstanceOf(KafkaRecordContext);
    expect([received.topic, received.offset, received.attempt, received.origin.offset]).toEqual([
      'main',
      '7',
      2,
      '5',
    ]);
    expect(received.getArgByIndex(0)).toBe(context);
    received.useRetrySchedule(['2s']);
    expect(context.schedules).toEqual([['2s']]);

    await transport.close();
    expect(launcher.stopped).toBe(1);
  });

  it('waits for a returned observable and rejects with the error the filters left', async () => {
    const launcher = new RecordingLauncher();
    const transport = new KafkaTransport(launcher);
    const permanent = new PermanentError('410 Gone');
    let ran = false;
    // Runs only when subscribed, as the handler chain's interceptors do.
    const work = defer(async () => {
      await Promise.resolve();
      ran = true;
    });
    transport.addHandler(
      testContract,
      handler(async () => work),
      true,
    );
    transport.addHandler(
      testContract,
      handler(async () => {
        throw permanent;
      }),
      true,
      { deadLetters: true },
    );
    listen(transport);
    const [ok, failing] = launcher.launched;
    await ok?.handle({}, recordContext());
    expect(ran).toBe(true);
    await expect(failing?.handle({}, recordContext())).rejects.toBe(permanent);
  });

  it.each([
    [
      'a topic name instead of a contract',
      testContract.topic,
      true,
      {},
      /must be a topic contract/,
    ],
    [
      'a request-response handler',
      testContract,
      false,
      {},
      /declare the handler with @EventPattern/,
    ],
    [
      'an option the runtime does not implement',
      testContract,
      true,
      { retryTier: ['1s'] },
      /invalid handler options: .*retryTier/,
    ],
    [
      'retry options on a dead-letter handler',
      testContract,
      true,
      { deadLetters: true, retryTiers: ['1s'] },
      /retryTiers do not apply to a dead-letter handler/,
    ],
    [
      'an option of the wrong type',
      testContract,
      true,
      { concurrency: 0 },
      /concurrency: Too small/,
    ],
  ])('refuses %s with a message naming the handler', (_what, pattern, isEvent, extras, message) => {
    const transport = new KafkaTransport(new RecordingLauncher());
    const add = () =>
      transport.addHandler(
        pattern,
        handler(async () => undefined),
        isEvent,
        extras,
      );
    expect(add).toThrow(HandlerDeclarationError);
    expect(add).toThrow(message);
  });

  it('refuses two handlers of one topic', () => {
    const transport = new KafkaTransport(new RecordingLauncher());
    transport.addHandler(
      testContract,
      handler(async () => undefined),
      true,
    );
    expect(() =>
      transport.addHandler(
        testContract,
        handler(async () => undefined),
        true,
      ),
    ).toThrow(/has two handlers in this service/);
  });

  it('fails listening when the launcher refuses the handlers', () => {
    const refusal = new Error('retry tiers must differ');
    const transport = new KafkaTransport(new RecordingLauncher(refusal));
    expect(listen(transport)).toBe(refusal);
  });
});
