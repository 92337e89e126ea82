import { describe, expect, it, jest } from '@jest/globals';
import { ServiceLogger } from './logger.js';
import { inSpan, SpanKind, startTracing } from './tracing/tracing.js';

function captureStdout(run: () => void): string[] {
  const lines: string[] = [];
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('ServiceLogger', () => {
  it('writes one JSON object per line with the service name', () => {
    const [line] = captureStdout(() =>
      new ServiceLogger('ingest').log('accepted', 'WebhookController'),
    );
    const record = JSON.parse(line ?? '') as Record<string, unknown>;
    expect(record).toMatchObject({
      service: 'ingest',
      level: 'log',
      message: 'accepted',
      context: 'WebhookController',
    });
  });

  it('masks secret-looking fields', () => {
    const [line] = captureStdout(() =>
      new ServiceLogger('ingest').log({
        source: 'stripe',
        secret: 'whsec_abc',
        signature: 'v1=xyz',
      }),
    );
    expect(line).not.toContain('whsec_abc');
    expect(line).not.toContain('v1=xyz');
    expect(line).toContain('stripe');
  });

  it('drops records below its level', () => {
    const lines = captureStdout(() => new ServiceLogger('router', 'warn').log('quiet'));
    expect(lines).toHaveLength(0);
  });

  it('names the trace and span of the work it was written in', async () => {
    const tracing = startTracing({ service: 'router' });
    try {
      let own: string | undefined;
      const lines: string[] = [];
      await inSpan(
        'process hookline.events.v1',
        {
          kind: SpanKind.CONSUMER,
          parent: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
        },
        async (_span, headers) => {
          own = headers.traceparent;
          await Promise.resolve(); // across an await, as in a handler
          lines.push(...captureStdout(() => new ServiceLogger('router').warn('slow')));
        },
      );
      lines.push(...captureStdout(() => new ServiceLogger('router').warn('outside')));
      const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(inside).toMatchObject({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: own?.split('-')[2],
      });
      expect(outside).not.toHaveProperty('traceId');
    } finally {
      await tracing.shutdown();
    }
  });
});
