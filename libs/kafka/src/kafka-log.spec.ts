import { describe, expect, it } from '@jest/globals';
import { type Logger } from '@nestjs/common';
import kafkajs from 'kafkajs';
import { kafkaLogCreator } from './kafka-log.js';

const { logLevel } = kafkajs;

function capture() {
  const lines: { level: string; line: string }[] = [];
  const at = (level: string) => (line: string) => void lines.push({ level, line });
  const logger = { error: at('error'), warn: at('warn'), log: at('log'), debug: at('debug') };
  const log = kafkaLogCreator(logger as unknown as Logger)(logLevel.DEBUG);
  const entry = (level: number, message: string, extra: Record<string, unknown> = {}) =>
    log({
      namespace: 'Connection',
      level,
      label: 'ERROR',
      log: { timestamp: '2026-11-23T00:00:00Z', logger: 'kafkajs', message, ...extra },
    });
  return { lines, entry };
}

describe('kafkaLogCreator', () => {
  it('keeps real errors and warnings at their level', () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
      error:
        'The request included a message larger than the max message size the server will accept',
    });
    entry(logLevel.WARN, 'Consumer group rebalancing');
    expect(lines.map((line) => line.level)).toEqual(['error', 'warn']);
    expect(lines[0]?.line).toContain('larger than the max message size');
  });

  it("drops a restarted consumer's crash and restart lines to debug", () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: Connection error', {
      groupId: 'g',
      stack: 'KafkaJSNumberOfRetriesExceeded: …\n    at …',
    });
    entry(logLevel.ERROR, 'Restarting the consumer in 1000ms', { groupId: 'g' });
    expect(lines.map((line) => line.level)).toEqual(['debug', 'debug']);
  });

  it('drops retriable responses, connection retries and expected warnings to debug', () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', {
      error: 'This server is not the leader for that topic-partition',
    });
    entry(logLevel.ERROR, 'Response InitProducerId(key: 22, version: 1)', {
      error: "The coordinator is loading and hence can't process requests for this group",
    });
    entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:19092');
    entry(
      logLevel.WARN,
      'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    );
    expect(lines.map((line) => line.level)).toEqual(['debug', 'debug', 'debug', 'debug']);
  });
});
