import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { lastErrorLine } from './broker-log.js';
import { lastMavenError, parseJavaMajor } from './kafka-classpath.js';
import {
  DEFAULT_KAFKA_VERSION,
  kafkaPaths,
  readConfiguredPorts,
  renderServerProperties,
  resolveKafkaOptions,
} from './kafka-config.js';

describe('kafka launcher helpers', () => {
  it('reads the Java major version, old and new style', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });

  it("keeps Maven's last meaningful error line", () => {
    const output = [
      '\u001b[0m[ERROR] Failed to execute goal on project x: Could not resolve dependencies -> [Help 1]',
      '[ERROR] ',
      '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
      '[ERROR] Re-run Maven using the -X switch to enable full debug logging.',
      '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException',
    ].join('\n');
    expect(lastMavenError(output)).toBe(
      'Failed to execute goal on project x: Could not resolve dependencies',
    );
    expect(lastMavenError('all good')).toBeUndefined();
  });

  it("joins the broker's last ERROR line with the exception below it", () => {
    const log = [
      '[2026-01-01 10:00:00,000] ERROR Old problem (kafka.Kafka$)',
      '[2026-01-01 10:00:01,000] ERROR Exiting Kafka due to fatal exception during startup. (kafka.Kafka$)',
      'org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:19092: Address already in use.',
      '\tat kafka.network.Acceptor.openServerSocket(SocketServer.scala:734)',
    ].join('\n');
    expect(lastErrorLine(log)).toBe(
      'Exiting Kafka due to fatal exception during startup.: org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:19092: Address already in use.',
    );
  });

  it('writes a single-node KRaft config whose ports can be read back', () => {
    const text = renderServerProperties({ port: 1234, controllerPort: 1235, dataDir: '/d' });
    expect(text).toContain('controller.quorum.voters=1@127.0.0.1:1235\n');
    expect(text).toContain('advertised.listeners=PLAINTEXT://127.0.0.1:1234\n');
    expect(text).toContain('auto.create.topics.enable=false\n');
    const dir = mkdtempSync(join(tmpdir(), 'hookline-kafka-props-'));
    try {
      writeFileSync(join(dir, 'server.properties'), text);
      expect(readConfiguredPorts(join(dir, 'server.properties'))).toEqual({
        port: 1234,
        controllerPort: 1235,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the default Kafka version unless told another 3.9.x or 4.x release', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'hookline-kafka-version-'));
    const saved = process.env['HOOKLINE_KAFKA_VERSION'];
    try {
      delete process.env['HOOKLINE_KAFKA_VERSION'];
      expect(resolveKafkaOptions({ stateDir }).version).toBe(DEFAULT_KAFKA_VERSION);
      expect(resolveKafkaOptions({ stateDir, version: '3.9.2' }).version).toBe('3.9.2');
      process.env['HOOKLINE_KAFKA_VERSION'] = '4.1.1';
      expect(resolveKafkaOptions({ stateDir }).version).toBe('4.1.1');
      process.env['HOOKLINE_KAFKA_VERSION'] = '3.8.1';
      expect(() => resolveKafkaOptions({ stateDir })).toThrow(
        "HOOKLINE_KAFKA_VERSION must be a Kafka 3.9.x or 4.x release such as 4.4.0 or 3.9.2, got '3.8.1'",
      );
      expect(() => resolveKafkaOptions({ stateDir, version: 'latest' })).toThrow(/got 'latest'/);
    } finally {
      if (saved === undefined) delete process.env['HOOKLINE_KAFKA_VERSION'];
      else process.env['HOOKLINE_KAFKA_VERSION'] = saved;
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('keeps each Kafka version’s data apart', () => {
    expect(kafkaPaths('/s', '4.4.0').dataDir).toBe('/s/data-4.4.0');
    expect(kafkaPaths('/s', '3.9.2').dataDir).toBe('/s/data-3.9.2');
  });
});
