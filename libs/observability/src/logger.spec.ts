import { describe, expect, it, jest } from '@jest/globals';
import { ServiceLogger } from './logger.js';

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
});
