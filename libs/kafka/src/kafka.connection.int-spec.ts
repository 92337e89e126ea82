import { afterEach, describe, expect, it } from '@jest/globals';
import { testInfrastructure } from '@hookline/testing';
import { KafkaConnection } from './kafka.connection.js';

const options = (brokers: string[]) => ({
  brokers,
  clientId: 'hookline-test',
  topicPrefix: '',
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 5_000,
});

describe('KafkaConnection', () => {
  const connections: KafkaConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  });

  it('connects to the real broker and describes the cluster', async () => {
    const connection = new KafkaConnection(options(testInfrastructure().kafkaBrokers.split(',')));
    connections.push(connection);
    await connection.connect();
    expect(connection.isConnected).toBe(true);
    const cluster = await connection.ping();
    expect(cluster.brokers).toBeGreaterThanOrEqual(1);
  });

  it('fails with a connection error when no broker listens, and stays disconnected', async () => {
    const connection = new KafkaConnection(options(['127.0.0.1:1']));
    connections.push(connection);
    await expect(connection.connect()).rejects.toThrow(/ECONNREFUSED|Connection error/);
    expect(connection.isConnected).toBe(false);
    expect(() => connection.getAdmin()).toThrow('Kafka is not connected yet');
  });
});
