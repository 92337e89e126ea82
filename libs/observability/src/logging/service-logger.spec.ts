import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Logger } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import { withLogContext } from './log-context.js';
import { createServiceLogger, REDACTED_CENSOR } from './service-log-options.js';
import { serviceLoggerModule } from './service-logger.module.js';

/** A pino destination that keeps each line as a parsed object. */
function captured(): DestinationStream & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line: string) => void lines.push(JSON.parse(line)) };
}

const SPAN = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

/** Runs `work` inside a span with known ids (the API alone, whatever SDK a service loads). */
function inKnownSpan<T>(work: () => T): T {
  return context.with(trace.setSpan(context.active(), trace.wrapSpanContext(SPAN)), work);
}

describe('service logs (pino)', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
  });
  afterAll(() => {
    contextManager.disable();
    context.disable();
  });

  it('a line inside a span carries its trace and span ids and the bound record context', async () => {
    const out = captured();
    const logger = createServiceLogger({ service: 'executor', level: 'info' }, out);
    await inKnownSpan(() =>
      withLogContext({ correlationId: 'c-1', tenant: 'acme', attempt: 2 }, async () => {
        await Promise.resolve();
        withLogContext({ eventId: 'evt-9', attempt: 3 }, () => logger.warn('slow destination'));
      }),
    );
    logger.info('outside');
    expect(out.lines[0]).toMatchObject({
      level: 'warn',
      service: 'executor',
      message: 'slow destination',
      traceId: SPAN.traceId,
      spanId: SPAN.spanId,
      correlationId: 'c-1',
      tenant: 'acme',
      eventId: 'evt-9',
      attempt: 3,
    });
    expect(typeof out.lines[0]?.['time']).toBe('string');
    // Outside the span and the bound context: neither is carried over.
    expect(out.lines[1]).toMatchObject({ message: 'outside', service: 'executor' });
    expect(out.lines[1]?.['traceId']).toBeUndefined();
    expect(out.lines[1]?.['tenant']).toBeUndefined();
  });

  it('censors secrets by path: fields at the top and one level down, credential headers', () => {
    const out = captured();
    const logger = createServiceLogger({ service: 'ingest', level: 'info' }, out);
    logger.info(
      {
        source: 'stripe',
        secret: 'whsec_top',
        destination: { id: 'crm', secret: 'whsec_nested', token: 'tok_nested' },
        headers: { authorization: 'Bearer abc', 'stripe-signature': 't=1,v1=ff', accept: '*/*' },
        request: { headers: { authorization: 'Basic xyz' } },
      },
      'received',
    );
    const text = JSON.stringify(out.lines[0]);
    for (const secret of [
      'whsec_top',
      'whsec_nested',
      'tok_nested',
      'Bearer abc',
      't=1,v1=ff',
      'Basic xyz',
    ])
      expect(text).not.toContain(secret);
    expect(out.lines[0]).toMatchObject({
      source: 'stripe',
      secret: REDACTED_CENSOR,
      destination: { id: 'crm', secret: REDACTED_CENSOR },
      headers: { authorization: REDACTED_CENSOR, accept: '*/*' },
    });
  });

  it('drops lines below its level', () => {
    const out = captured();
    const logger = createServiceLogger({ service: 'router', level: 'warn' }, out);
    logger.info('quiet');
    logger.debug('quieter');
    logger.error('loud');
    expect(out.lines.map((line) => line['message'])).toEqual(['loud']);
  });

  it("Nest's own lines and `new Logger(context)` go through pino once the app uses its Logger", async () => {
    const out = captured();
    @Module({ imports: [serviceLoggerModule({ service: 'replay', level: 'info' }, out)] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    inKnownSpan(() => new NestLogger('ReplayJobs').log('job 7 started'));
    await app.close();
    expect(out.lines).toContainEqual(
      expect.objectContaining({
        service: 'replay',
        level: 'info',
        context: 'ReplayJobs',
        message: 'job 7 started',
        traceId: SPAN.traceId,
      }),
    );
    // Nest's start-up lines, buffered until the logger was set, came through pino too.
    expect(out.lines.some((line) => line['context'] === 'InstanceLoader')).toBe(true);
  });
});
