import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { IncompatibleBrokerError } from './api-version-ranges.js';
import { assertBrokersCompatible } from './broker-compatibility.js';
import { kafkajsRequests } from './kafkajs-requests.js';

/** A loopback server that answers one ApiVersions v0 request with the given ranges. */
async function fakeBroker(ranges: Map<number, { min: number; max: number }>): Promise<Server> {
  const server = createServer((socket) => {
    socket.once('data', (request: Buffer) => {
      const correlationId = request.readInt32BE(8);
      const body = Buffer.alloc(10 + ranges.size * 6);
      body.writeInt32BE(correlationId, 0);
      body.writeInt16BE(0, 4);
      body.writeInt32BE(ranges.size, 6);
      [...ranges].forEach(([key, { min, max }], index) => {
        body.writeInt16BE(key, 10 + index * 6);
        body.writeInt16BE(min, 12 + index * 6);
        body.writeInt16BE(max, 14 + index * 6);
      });
      const size = Buffer.alloc(4);
      size.writeInt32BE(body.length, 0);
      socket.end(Buffer.concat([size, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('assertBrokersCompatible', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
    );
  });

  const everything = () =>
    new Map(kafkajsRequests().map((request) => [request.apiKey, { ...request.versions }]));
  const address = (server: Server) => ({
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
  });
  const options = { clientId: 'hookline-test', timeoutMs: 2_000 };

  it('passes a broker that takes every request kafkajs sends', async () => {
    const server = await fakeBroker(everything());
    servers.push(server);
    await expect(assertBrokersCompatible([address(server)], options)).resolves.toBeUndefined();
  });

  it('fails with one line when a broker raised the minimum of a request above kafkajs', async () => {
    const ranges = everything();
    ranges.set(0, { min: 8, max: 13 });
    const server = await fakeBroker(ranges);
    servers.push(server);
    const { port } = address(server);
    const check = assertBrokersCompatible([address(server)], options);
    await expect(check).rejects.toThrow(IncompatibleBrokerError);
    await expect(check).rejects.toThrow(
      `Kafka broker 127.0.0.1:${port} cannot take the Produce request (API key 0) kafkajs sends: ` +
        'kafkajs speaks v0-v7, the broker accepts v8-v13',
    );
  });
});
