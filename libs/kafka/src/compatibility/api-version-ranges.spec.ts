import { describe, expect, it } from '@jest/globals';
import {
  describeMismatch,
  findRequestMismatches,
  type ClientRequest,
  type VersionRange,
} from './api-version-ranges.js';
import { decodeApiVersionsV0 } from './broker-api-versions.js';
import { kafkajsRequests } from './kafkajs-requests.js';

const produce: ClientRequest = { apiKey: 0, name: 'Produce', versions: { min: 0, max: 7 } };
const fetchRequest: ClientRequest = { apiKey: 1, name: 'Fetch', versions: { min: 0, max: 11 } };
const broker = (entries: [number, VersionRange][]) => new Map(entries);

describe('findRequestMismatches', () => {
  it.each<[string, VersionRange]>([
    ['the broker range contains the client range', { min: 0, max: 12 }],
    ['the ranges overlap at the top of the client range', { min: 3, max: 12 }],
    ['the ranges share one version', { min: 7, max: 13 }],
    ['the broker is older than the client', { min: 0, max: 2 }],
  ])('finds none when %s', (_case, accepted) => {
    expect(findRequestMismatches([produce], broker([[0, accepted]]))).toEqual([]);
  });

  it('names a request whose lowest accepted version is above what the client speaks', () => {
    const accepted = { min: 8, max: 13 };
    expect(
      findRequestMismatches(
        [produce, fetchRequest],
        broker([
          [0, accepted],
          [1, { min: 4, max: 17 }],
        ]),
      ),
    ).toEqual([{ request: produce, broker: accepted }]);
  });

  it('names a request the broker does not offer', () => {
    expect(findRequestMismatches([fetchRequest], broker([[0, { min: 0, max: 12 }]]))).toEqual([
      { request: fetchRequest, broker: undefined },
    ]);
  });
});

describe('describeMismatch', () => {
  it('says in one line which request does not fit and both ranges', () => {
    const line = describeMismatch(
      { request: produce, broker: { min: 8, max: 13 } },
      'kafkajs',
      '127.0.0.1:9092',
    );
    expect(line).toBe(
      'Kafka broker 127.0.0.1:9092 cannot take the Produce request (API key 0) kafkajs sends: ' +
        'kafkajs speaks v0-v7, the broker accepts v8-v13',
    );
    expect(line).not.toContain('\n');
  });

  it('says when the broker does not offer the request at all', () => {
    expect(
      describeMismatch({ request: fetchRequest, broker: undefined }, 'kafkajs', 'b:1'),
    ).toMatch(/Fetch request .* kafkajs speaks v0-v11, the broker does not offer it at all$/);
  });
});

describe('kafkajsRequests', () => {
  it('reads the versions kafkajs implements for every request Hookline sends', () => {
    const requests = kafkajsRequests();
    const byName = new Map(requests.map((request) => [request.name, request.versions]));
    // kafkajs 2.2.4, as pinned by the lockfile.
    expect(byName.get('Produce')).toEqual({ min: 0, max: 7 });
    expect(byName.get('Fetch')).toEqual({ min: 0, max: 11 });
    expect(byName.get('FindCoordinator')).toEqual({ min: 0, max: 2 });
    expect(new Set(requests.map((request) => request.apiKey)).size).toBe(requests.length);
  });
});

describe('decodeApiVersionsV0', () => {
  const response = (correlationId: number, errorCode: number, entries: number[][]) => {
    const buffer = Buffer.alloc(10 + entries.length * 6);
    buffer.writeInt32BE(correlationId, 0);
    buffer.writeInt16BE(errorCode, 4);
    buffer.writeInt32BE(entries.length, 6);
    entries.forEach(([key, min, max], index) => {
      buffer.writeInt16BE(key ?? 0, 10 + index * 6);
      buffer.writeInt16BE(min ?? 0, 12 + index * 6);
      buffer.writeInt16BE(max ?? 0, 14 + index * 6);
    });
    return buffer;
  };

  it('reads every API key with its range', () => {
    expect(
      decodeApiVersionsV0(
        response(1, 0, [
          [0, 3, 12],
          [18, 0, 4],
        ]),
        1,
      ),
    ).toEqual(
      broker([
        [0, { min: 3, max: 12 }],
        [18, { min: 0, max: 4 }],
      ]),
    );
  });

  it('accepts the list a broker sends with UNSUPPORTED_VERSION', () => {
    expect(decodeApiVersionsV0(response(1, 35, [[0, 3, 12]]), 1).get(0)).toEqual({
      min: 3,
      max: 12,
    });
  });

  it('refuses an answer to another request, an error code and a truncated body', () => {
    expect(() => decodeApiVersionsV0(response(2, 0, []), 1)).toThrow(/answers request 2/);
    expect(() => decodeApiVersionsV0(response(1, 58, []), 1)).toThrow(/error code 58/);
    expect(() => decodeApiVersionsV0(response(1, 0, [[0, 1, 2]]).subarray(0, 12), 1)).toThrow(
      /truncated/,
    );
  });
});
