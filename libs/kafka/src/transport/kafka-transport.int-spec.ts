import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type CallHandler,
  Catch,
  Controller,
  type ExecutionContext,
  Injectable,
  Module,
  type NestInterceptor,
  type PipeTransform,
  type RpcExceptionFilter,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { FailureHeaders } from '@hookline/contracts';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { type Observable, throwError } from 'rxjs';
import { ConsumerCounters } from '../consumer/consumer-metrics.js';
import { planConsumer } from '../consumer/consumer-plan.js';
import {
  collect,
  createPlanTopics,
  KafkajsForwarder,
  testClient,
  testContract,
  waitFor,
  type TestRecord,
} from '../consumer/consumer-test-kit.js';
import { type ConsumerPlan, type TopicHandler } from '../consumer/consumer.types.js';
import { HooklineConsumer } from '../consumer/hookline-consumer.js';
import { PermanentError, TransientError } from '../errors.js';
import { headerText } from '../standard-headers.js';
import { connectKafkaTransport } from './connect-kafka-transport.js';
import { type ConsumerLauncher } from './kafka-transport.server.js';
import { KafkaRecordContext } from './record-context.host.js';

/** What a domain layer might throw; the filter below decides it cannot be retried. */
class UnknownCustomer extends Error {
  override readonly name = 'UnknownCustomer';
}

@Catch(UnknownCustomer)
class UnknownCustomerIsPermanent implements RpcExceptionFilter<UnknownCustomer> {
  catch(error: UnknownCustomer): Observable<never> {
    return throwError(() => new PermanentError(`no such customer ${error.message}`));
  }
}

/** Normalises the key and refuses negative ids before the handler runs. */
@Injectable()
class NormaliseRecord implements PipeTransform<TestRecord, TestRecord> {
  transform(record: TestRecord): TestRecord {
    if (record.id < 0) throw new PermanentError(`id ${record.id} is negative`);
    return { ...record, key: record.key.toUpperCase() };
  }
}

const seen: { topic: string; attempt: number; id: number }[] = [];
const handled: { id: number; key: string; attempt: number }[] = [];

@Injectable()
class RecordsSeen implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const record = context.switchToRpc().getContext<KafkaRecordContext>();
    const data = context.switchToRpc().getData<TestRecord>();
    seen.push({ topic: record.topic, attempt: record.attempt, id: data.id });
    return next.handle();
  }
}

@Controller()
@UseInterceptors(RecordsSeen)
class TestRecordsHandler {
  @EventPattern(testContract, { retryTiers: ['300ms'], jitter: 0 })
  @UseFilters(UnknownCustomerIsPermanent)
  async handle(
    @Payload(NormaliseRecord) record: TestRecord,
    @Ctx() context: KafkaRecordContext,
  ): Promise<void> {
    handled.push({ id: record.id, key: record.key, attempt: context.attempt });
    if (record.id === 13) throw new UnknownCustomer('c-13');
    if (record.id === 21 && context.attempt === 1) throw new TransientError('flaky once');
    if (record.id === 99) throw new PermanentError('410 Gone');
  }
}

@Module({ controllers: [TestRecordsHandler], providers: [NormaliseRecord, RecordsSeen] })
class TestRecordsModule {}

/** Runs the transport's handlers with the plain runtime, as ConsumerStarter does in services. */
class TestLauncher implements ConsumerLauncher {
  plans: ConsumerPlan<unknown>[] = [];
  started: Promise<void> = Promise.resolve();
  private readonly consumers: HooklineConsumer<unknown>[] = [];

  constructor(
    private readonly client: Kafka,
    private readonly forwarder: KafkajsForwarder,
    private readonly topicPrefix: string,
  ) {}

  launch(handlers: readonly TopicHandler<unknown>[]): void {
    this.plans = handlers.map((handler) =>
      planConsumer(handler, { service: 'transport-test', topicPrefix: this.topicPrefix }),
    );
    this.started = (async () => {
      for (const plan of this.plans) {
        await createPlanTopics(this.client, plan);
        const consumer = new HooklineConsumer(
          this.client,
          plan,
          this.forwarder,
          new ConsumerCounters(),
        );
        await consumer.start();
        this.consumers.push(consumer);
      }
    })();
  }

  async stop(): Promise<void> {
    await this.started.catch(() => undefined);
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }
}

describe('the Kafka transport in a NestJS application, on a real broker', () => {
  let client: Kafka;
  let producer: Producer;
  let forwarder: KafkajsForwarder;
  let launcher: TestLauncher;
  let app: NestFastifyApplication;
  let deadLetters: { messages: KafkaMessage[]; stop(): Promise<void> };
  let plan: ConsumerPlan<unknown>;

  beforeAll(async () => {
    client = testClient(testInfrastructure().kafkaBrokers);
    producer = client.producer();
    await producer.connect();
    forwarder = await KafkajsForwarder.connect(client);
    launcher = new TestLauncher(client, forwarder, uniqueName());
    app = await NestFactory.create<NestFastifyApplication>(
      TestRecordsModule,
      new FastifyAdapter(),
      { logger: false },
    );
    connectKafkaTransport(app, launcher);
    await app.startAllMicroservices();
    await app.init();
    await launcher.started;
    [plan] = launcher.plans as [ConsumerPlan<unknown>];
    deadLetters = await collect(client, plan.deadLetterTopic);
    const records = [1, -1, 13, 21, 99].map((id) => ({ id, key: `k${id}` }));
    await producer.send({
      topic: plan.mainTopic,
      acks: -1,
      messages: records.map((record) => ({ key: record.key, value: JSON.stringify(record) })),
    });
    await waitFor(
      () =>
        deadLetters.messages.length >= 3 &&
        handled.some((record) => record.id === 21 && record.attempt === 2),
      30_000,
      'three dead letters and the retried record',
    );
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await app?.close();
    await producer?.disconnect();
    await forwarder?.close();
  });

  const letterOf = (key: string) => {
    const letter = deadLetters.messages.find((message) => message.key?.toString() === key);
    const header = (name: string) => headerText(letter?.headers, name);
    return {
      attempt: header(FailureHeaders.attempt),
      errorClass: header(FailureHeaders.errorClass),
      errorMessage: header(FailureHeaders.errorMessage),
    };
  };

  it('runs the handler with the payload its pipe returned and the record context', () => {
    expect(handled).toContainEqual({ id: 1, key: 'K1', attempt: 1 });
    expect(seen).toContainEqual({ topic: plan.mainTopic, attempt: 1, id: 1 });
  });

  it('dead-letters a record its pipe refuses, without calling the handler', () => {
    expect(handled.map((record) => record.id)).not.toContain(-1);
    expect(letterOf('k-1')).toEqual({
      attempt: '1',
      errorClass: 'PermanentError',
      errorMessage: 'id -1 is negative',
    });
  });

  it("dead-letters at once what the handler's exception filter turns into a permanent error", () => {
    // At least once: a rebalance may hand a record over twice, never to a retry tier.
    const attempts = handled.filter((record) => record.id === 13).map((record) => record.attempt);
    expect(new Set(attempts)).toEqual(new Set([1]));
    expect(letterOf('k13')).toEqual({
      attempt: '1',
      errorClass: 'PermanentError',
      errorMessage: 'no such customer c-13',
    });
  });

  it('keeps the class and message of an error no filter takes', () => {
    expect(letterOf('k99')).toEqual({
      attempt: '1',
      errorClass: 'PermanentError',
      errorMessage: '410 Gone',
    });
    expect(seen).toContainEqual({ topic: plan.tiers[0]?.topic, attempt: 2, id: 21 });
    const attempts = handled.filter((record) => record.id === 21).map((record) => record.attempt);
    expect([...new Set(attempts)]).toEqual([1, 2]);
  });
});
