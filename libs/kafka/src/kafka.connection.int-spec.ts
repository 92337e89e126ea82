import { afterEach, describe, expect, it } from '@jest/globals';
import { declareTopology } from '@hookline/contracts';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { findRequestMismatches } from './compatibility/api-version-ranges.js';
import { fetchBrokerApiVersions } from './compatibility/broker-api-versions.js';
import { kafkajsRequests } from './compatibility/kafkajs-requests.js';
import { KafkaConnection } from './kafka.connection.js';
import { kafkaTestOptions } from './kafka-test-options.js';

describe('KafkaConnection', () => {
  const connections: KafkaConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  });

  it('connects to the real broker, provisions the topology and opens the producer', async () => {
    const options = kafkaTestOptions(testInfrastructure().kafkaBrokers.split(','), uniqueName());
    const connection = new KafkaConnection(options);
    connections.push(connection);
    await connection.connect();
    expect(connection.isConnected).toBe(true);
    expect(connection.producer.isConnected).toBe(true);
    const cluster = await connection.ping();
    expect(cluster.brokers).toBeGreaterThanOrEqual(1);
    const topics = await connection.getAdmin().listTopics();
    expect(topics).toEqual(
      expect.arrayContaining(declareTopology(options.topology).map((topic) => topic.name)),
    );
    await connection
      .getAdmin()
      .deleteTopics({ topics: topics.filter((topic) => topic.startsWith(options.topicPrefix)) });
  });

  it("reads the broker's ApiVersions, which take every request version kafkajs sends", async () => {
    const [host, port] = (testInfrastructure().kafkaBrokers.split(',')[0] ?? '').split(':');
    const accepted = await fetchBrokerApiVersions(
      { host: host ?? '127.0.0.1', port: Number(port) },
      { clientId: 'hookline-test', timeoutMs: 5_000 },
    );
    expect(accepted.get(0)?.max).toBeGreaterThanOrEqual(7);
    expect(accepted.get(18)?.min).toBe(0);
    expect(findRequestMismatches(kafkajsRequests(), accepted)).toEqual([]);
  });

  it('fails with a connection error when no broker listens, and stays disconnected', async () => {
    const connection = new KafkaConnection(kafkaTestOptions(['127.0.0.1:1']));
    connections.push(connection);
    await expect(connection.connect()).rejects.toThrow(/ECONNREFUSED|Connection error/);
    expect(connection.isConnected).toBe(false);
    expect(() => connection.getAdmin()).toThrow('Kafka is not connected yet');
  });
});
