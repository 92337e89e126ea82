import { afterEach, describe, expect, it } from '@jest/globals';
import { declareTopology } from '@hookline/contracts';
import { testInfrastructure, uniqueName } from '@hookline/testing';
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

  it('fails with a connection error when no broker listens, and stays disconnected', async () => {
    const connection = new KafkaConnection(kafkaTestOptions(['127.0.0.1:1']));
    connections.push(connection);
    await expect(connection.connect()).rejects.toThrow(/ECONNREFUSED|Connection error/);
    expect(connection.isConnected).toBe(false);
    expect(() => connection.getAdmin()).toThrow('Kafka is not connected yet');
  });
});
