import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import kafkajs from 'kafkajs';
import { LauncherError } from '../launcher-error.js';
import { distinctFreePorts, isPortOpen, isProcessAlive, writePidFile } from '../process-control.js';
import { kafkaAssetsDir } from './kafka-config.js';
import {
  DEFAULT_KAFKA_VERSION,
  ensureKafka,
  kafkaStatus,
  stopKafka,
  type RunningKafka,
} from './kafka-launcher.js';

// Ports of its own and a private state folder: the shared dev broker may be running, and so
// may this suite in another clone.
const [PORT, CONTROLLER_PORT, SPARE_PORT, SPARE_PORT_2] = await distinctFreePorts(4);
const TEST_TIMEOUT_MS = 5 * 60_000; // a cold ~/.m2 means Maven downloads ~60 MB first

async function listenOn(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

async function roundTrip(brokers: string): Promise<string> {
  const kafka = new kafkajs.Kafka({
    clientId: 'launcher-spec',
    brokers: [brokers],
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const topic = 'launcher-spec';
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: 'launcher-spec' });
  try {
    await admin.connect();
    // No waitForLeaders: kafkajs gives up while a fresh broker's metadata catches up;
    // the producer below retries until the leader is known.
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello from the launcher spec' }] });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      consumer
        .run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  }
}

describe('kafka launcher (real broker)', () => {
  const lines: string[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'hookline-kafka-spec-'));
  const options = {
    stateDir,
    port: PORT,
    controllerPort: CONTROLLER_PORT,
    log: (line: string) => lines.push(line),
  };
  let first: RunningKafka | undefined;

  afterAll(async () => {
    await stopKafka(options);
    rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('pins the version declared in pom.xml', () => {
    const pom = readFileSync(join(kafkaAssetsDir(), 'pom.xml'), 'utf8');
    expect(/<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1]).toBe(DEFAULT_KAFKA_VERSION);
    expect(DEFAULT_KAFKA_VERSION).toMatch(/^4\.\d+\.\d+$/);
  });

  it(
    'starts a broker that clients can create topics on, produce to and consume from',
    async () => {
      // A pid file naming a live process that is not our broker (pid reuse after a reboot) is stale.
      writePidFile(join(stateDir, 'kafka.pid'), process.pid);
      first = await ensureKafka(options);
      expect(lines[0]).toMatch(/^removing stale Kafka pid file/);
      expect(first).toMatchObject({
        brokers: `127.0.0.1:${PORT}`,
        version: DEFAULT_KAFKA_VERSION,
        startedHere: true,
      });
      expect(isProcessAlive(first.pid)).toBe(true);
      expect(lines).toContain(
        `starting Kafka ${DEFAULT_KAFKA_VERSION} on 127.0.0.1:${PORT} (logs in ${join(stateDir, 'logs')})`,
      );
      expect(readFileSync(join(stateDir, 'server.properties'), 'utf8')).toContain(
        `advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}\n`,
      );
      await expect(roundTrip(first.brokers)).resolves.toBe('hello from the launcher spec');
    },
    TEST_TIMEOUT_MS,
  );

  it('refuses to hand out the running broker as another Kafka version', async () => {
    if (!first) throw new Error('the start test failed');
    await expect(ensureKafka({ ...options, version: '3.9.2' })).rejects.toThrow(
      `runs Kafka ${DEFAULT_KAFKA_VERSION}, not 3.9.2: stop it first`,
    );
    expect(isProcessAlive(first.pid)).toBe(true);
  });

  it('reuses the running broker, and stop() of the reusing handle leaves it running', async () => {
    if (!first) throw new Error('the start test failed');
    const second = await ensureKafka(options);
    expect(second).toMatchObject({ brokers: first.brokers, pid: first.pid, startedHere: false });
    await second.stop();
    expect(isProcessAlive(first.pid)).toBe(true);
    await expect(kafkaStatus(options)).resolves.toEqual({
      running: true,
      pid: first.pid,
      brokers: first.brokers,
    });
  });

  it('refuses ports taken by something else, naming the port', async () => {
    const otherState = mkdtempSync(join(tmpdir(), 'hookline-kafka-spec-busy-'));
    const server = await listenOn(SPARE_PORT);
    try {
      const busyBroker = ensureKafka({
        stateDir: otherState,
        port: SPARE_PORT,
        controllerPort: SPARE_PORT_2,
      });
      await expect(busyBroker).rejects.toThrow(LauncherError);
      await expect(busyBroker).rejects.toThrow(`port ${SPARE_PORT} is in use by another process`);
      // The running test broker's controller port belongs to a broker of another state folder.
      const busyController = ensureKafka({
        stateDir: otherState,
        port: SPARE_PORT_2,
        controllerPort: CONTROLLER_PORT,
      });
      await expect(busyController).rejects.toThrow(
        `port ${CONTROLLER_PORT} is in use by another process`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(otherState, { recursive: true, force: true });
    }
  });

  it('stopKafka stops the broker and closes its port', async () => {
    if (!first) throw new Error('the start test failed');
    await expect(stopKafka(options)).resolves.toBe(true);
    expect(isProcessAlive(first.pid)).toBe(false);
    expect(await isPortOpen(PORT)).toBe(false);
    expect(existsSync(join(stateDir, 'kafka.pid'))).toBe(false);
    await expect(kafkaStatus(options)).resolves.toEqual({ running: false });
    await expect(stopKafka(options)).resolves.toBe(false);
  }, 60_000);
});
