import { Socket } from 'node:net';
import { type VersionRange } from './api-version-ranges.js';

const API_VERSIONS_KEY = 18;
// v0: every broker answers it, whatever else it has dropped (a broker that prefers a
// newer version still answers v0 with its full list and an UNSUPPORTED_VERSION code).
const API_VERSIONS_V0 = 0;
const UNSUPPORTED_VERSION = 35;

function encodeRequest(clientId: string, correlationId: number): Buffer {
  const id = Buffer.from(clientId, 'utf8');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + id.length);
  body.writeInt16BE(API_VERSIONS_KEY, 0);
  body.writeInt16BE(API_VERSIONS_V0, 2);
  body.writeInt32BE(correlationId, 4);
  body.writeInt16BE(id.length, 8);
  id.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

/** Parses an ApiVersions v0 response body (after the size), checked against its request. */
export function decodeApiVersionsV0(
  response: Buffer,
  correlationId: number,
): Map<number, VersionRange> {
  if (response.length < 10) throw new Error('ApiVersions response is truncated');
  const answered = response.readInt32BE(0);
  if (answered !== correlationId)
    throw new Error(`ApiVersions response answers request ${answered}, not ${correlationId}`);
  const errorCode = response.readInt16BE(4);
  if (errorCode !== 0 && errorCode !== UNSUPPORTED_VERSION)
    throw new Error(`ApiVersions failed with error code ${errorCode}`);
  const count = response.readInt32BE(6);
  if (response.length < 10 + count * 6) throw new Error('ApiVersions response is truncated');
  const ranges = new Map<number, VersionRange>();
  for (let index = 0; index < count; index += 1) {
    const at = 10 + index * 6;
    ranges.set(response.readInt16BE(at), {
      min: response.readInt16BE(at + 2),
      max: response.readInt16BE(at + 4),
    });
  }
  return ranges;
}

/**
 * Asks one broker which versions of every request it accepts (an ApiVersions request on
 * a connection of its own, closed after the answer).
 */
export function fetchBrokerApiVersions(
  address: { host: string; port: number },
  options: { clientId: string; timeoutMs: number },
): Promise<Map<number, VersionRange>> {
  const correlationId = 1;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(new Error(`ApiVersions from ${address.host}:${address.port}: ${error.message}`));
    };
    socket.setTimeout(options.timeoutMs, () =>
      fail(new Error(`no answer in ${options.timeoutMs} ms`)),
    );
    socket.once('error', fail);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (received.length < 4 + size) return;
      socket.destroy();
      try {
        resolve(decodeApiVersionsV0(received.subarray(4, 4 + size), correlationId));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.connect(address.port, address.host, () => {
      socket.write(encodeRequest(options.clientId, correlationId));
    });
  });
}
