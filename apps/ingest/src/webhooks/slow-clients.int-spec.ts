import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { waitForReady } from '@hookline/testing';
import { IngestModule, ingestAppOptions } from '../ingest.module.js';
import { signedRequest, testConfigYaml, TEST_SECRETS } from './testing/signed-requests.js';

const HEADERS_TIMEOUT_MS = 1_000;
const BODY_TIMEOUT_MS = 1_500;
const PATIENT_BODY_TIMEOUT_MS = 4_000;
const KEEP_ALIVE_TIMEOUT_MS = 1_000;
/** Node keeps an idle keep-alive socket this much longer than asked (keepAliveTimeoutBuffer). */
const NODE_KEEP_ALIVE_BUFFER_MS = 1_000;
const MAX_CONNECTIONS = 40;
/** Node checks header deadlines every 250 ms; the rest is a loaded machine's scheduling. */
const SLACK_MS = 1_000;
const DRIP_MS = 100;

interface SlowClient {
  /** Resolves when the server closes the connection: after how long, and what it said. */
  closed: Promise<{ afterMs: number; response: string }>;
  socket: Socket;
}

/**
 * A client that sends `opening` and then one byte of `drip` (if any) every DRIP_MS,
 * never finishing, until the server closes the connection.
 */
function slowClient(port: number, opening: string, drip?: string): SlowClient {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let response = '';
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    if (opening) socket.write(opening);
    if (!drip) return;
    let index = 0;
    timer = setInterval(() => {
      if (socket.writable) socket.write(drip[index++ % drip.length] ?? ' ');
    }, DRIP_MS);
  });
  socket.on('data', (chunk) => (response += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<{ afterMs: number; response: string }>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - started, response });
    }),
  );
  return { closed, socket };
}

describe('ingest against slow and idle clients', () => {
  let service: TestService;
  let port: number;
  const written: string[] = [];
  const spies: { mockRestore(): void }[] = [];

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      spies.push(
        jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array) => {
          written.push(String(chunk));
          return write(chunk);
        }) as typeof stream.write),
      );
    }
    const configPath = join(mkdtempSync(join(tmpdir(), 'ingest-slow-')), 'hookline.yaml');
    writeFileSync(
      configPath,
      `${testConfigYaml()}      - { id: t-patient, provider: stripe, secrets: ['${TEST_SECRETS.stripe}'], bodyTimeout: ${PATIENT_BODY_TIMEOUT_MS}ms }\n`,
    );
    service = await startTestService(
      'ingest',
      (config) => IngestModule.register(config),
      {
        HOOKLINE_CONFIG: configPath,
        LOG_LEVEL: 'debug',
        HOOKLINE_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HOOKLINE_HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
        HOOKLINE_HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
        HOOKLINE_HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      },
      ingestAppOptions,
    );
    port = Number(new URL(service.url).port);
    expect((await waitForReady(service.url)).ready).toBe(true);
  });

  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    await service?.close();
  });

  const cuts = async (): Promise<Record<string, number>> => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const counts: Record<string, number> = {};
    for (const match of text.matchAll(
      /^hookline_http_connections_cut_total\{reason="(\w+)"[^}]*\} (\d+)$/gm,
    ))
      counts[match[1] ?? ''] = Number(match[2]);
    return counts;
  };

  const slowBodyOpening = (sourceId: string) =>
    `POST /webhooks/${sourceId} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: 100000\r\n\r\n{`;

  /** Signed webhooks, five at a time, for `forMs`: their statuses and rate. */
  async function goodTraffic(forMs: number): Promise<{ statuses: number[]; perSecond: number }> {
    const started = Date.now();
    const statuses: number[] = [];
    while (Date.now() - started < forMs) {
      const batch = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const request = await signedRequest('stripe');
          const response = await fetch(`${service.url}/webhooks/${request.sourceId}`, {
            method: 'POST',
            headers: request.headers,
            body: request.body,
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      statuses.push(...batch);
    }
    return { statuses, perSecond: statuses.length / ((Date.now() - started) / 1_000) };
  }

  it('cuts slow headers and slow bodies off at their deadlines while signed webhooks beside them are all accepted', async () => {
    const alone = await goodTraffic(BODY_TIMEOUT_MS);
    const before = await cuts();
    const slowHeaders = Array.from({ length: 10 }, () =>
      slowClient(port, 'POST /webhooks/t-stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'a'),
    );
    const slowBodies = Array.from({ length: 10 }, () =>
      slowClient(port, slowBodyOpening('t-stripe'), '1'),
    );
    const patient = slowClient(port, slowBodyOpening('t-patient'), '1');

    // Good traffic while the slow clients hold their connections.
    const beside = await goodTraffic(BODY_TIMEOUT_MS);
    const headerCuts = await Promise.all(slowHeaders.map((client) => client.closed));
    const bodyCuts = await Promise.all(slowBodies.map((client) => client.closed));
    const patientCut = await patient.closed;
    const longest = (cuts: { afterMs: number }[]) => Math.max(...cuts.map((cut) => cut.afterMs));
    const shortest = (cuts: { afterMs: number }[]) => Math.min(...cuts.map((cut) => cut.afterMs));
    process.stdout.write(
      `slow headers cut after ${shortest(headerCuts)}–${longest(headerCuts)} ms (deadline ${HEADERS_TIMEOUT_MS}), ` +
        `slow bodies after ${shortest(bodyCuts)}–${longest(bodyCuts)} ms (deadline ${BODY_TIMEOUT_MS}), ` +
        `a source allowing ${PATIENT_BODY_TIMEOUT_MS} ms after ${patientCut.afterMs} ms; ` +
        `beside them ${beside.statuses.length} signed webhooks at ${beside.perSecond.toFixed(0)}/s (alone: ${alone.perSecond.toFixed(0)}/s)\n`,
    );

    for (const { statuses } of [alone, beside]) {
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
    }
    for (const cut of headerCuts) {
      expect(cut.response).toMatch(/^HTTP\/1\.1 408 /);
      expect(cut.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    }
    for (const cut of bodyCuts) {
      expect(cut.response).toMatch(/^HTTP\/1\.1 408 /);
      expect(cut.response).toContain('"error":"body_timeout"');
      expect(cut.afterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS);
      expect(cut.afterMs).toBeLessThan(BODY_TIMEOUT_MS + SLACK_MS);
    }
    expect(patientCut.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(patientCut.afterMs).toBeGreaterThanOrEqual(PATIENT_BODY_TIMEOUT_MS);
    expect(patientCut.afterMs).toBeLessThan(PATIENT_BODY_TIMEOUT_MS + SLACK_MS);

    const after = await cuts();
    expect((after['headers_timeout'] ?? 0) - (before['headers_timeout'] ?? 0)).toBe(10);
    expect((after['body_timeout'] ?? 0) - (before['body_timeout'] ?? 0)).toBe(11);
  });

  it('closes a connection that never sends a byte, and an idle keep-alive one', async () => {
    const before = await cuts();
    const silent = slowClient(port, '');
    const idle = slowClient(port, 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const [silentCut, idleCut] = await Promise.all([silent.closed, idle.closed]);
    process.stdout.write(
      `silent connection closed after ${silentCut.afterMs} ms, idle keep-alive after ${idleCut.afterMs} ms\n`,
    );
    expect(idleCut.response).toMatch(/^HTTP\/1\.1 200 /);
    expect(idleCut.afterMs).toBeLessThan(
      KEEP_ALIVE_TIMEOUT_MS + NODE_KEEP_ALIVE_BUFFER_MS + SLACK_MS,
    );
    expect(silentCut.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(silentCut.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    const after = await cuts();
    expect((after['idle_timeout'] ?? 0) - (before['idle_timeout'] ?? 0)).toBeGreaterThanOrEqual(1);
  });

  it('counts a client that goes away mid-body in one debug line, without a stack trace', async () => {
    const before = await cuts();
    const from = written.length;
    const client = slowClient(port, slowBodyOpening('t-stripe'), '1');
    await new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    client.socket.write('"partial":');
    setTimeout(() => client.socket.destroy(), 200);
    await client.closed;
    let after = await cuts();
    const deadline = Date.now() + 5_000;
    while ((after['client_aborted'] ?? 0) === (before['client_aborted'] ?? 0)) {
      if (Date.now() > deadline) break;
      after = await cuts();
    }
    expect((after['client_aborted'] ?? 0) - (before['client_aborted'] ?? 0)).toBe(1);
    const lines = written.slice(from).join('');
    const cutLines = lines.split('\n').filter((line) => line.includes('"context":"HttpLimits"'));
    expect(cutLines).toHaveLength(1);
    expect(cutLines[0]).toMatch(
      /"level":"debug".*client went away mid-request: POST \/webhooks\/t-stripe/,
    );
    expect(lines).not.toMatch(/ExceptionsHandler|\n\s+at /);
  });

  it('closes connections beyond the limit as they arrive', async () => {
    const before = await cuts();
    // A few more than the limit (the test's own keep-alive connections may hold some).
    const clients = Array.from({ length: MAX_CONNECTIONS + 5 }, () =>
      slowClient(port, 'POST /webhooks/t-stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'a'),
    );
    const closed = await Promise.all(clients.map((client) => client.closed));
    // Dropped at once, without a word; the others held on until their header deadline.
    const dropped = closed.filter(
      (cut) => cut.response === '' && cut.afterMs < HEADERS_TIMEOUT_MS / 2,
    );
    const after = await cuts();
    process.stdout.write(
      `${dropped.length} of ${clients.length} connections over the limit of ${MAX_CONNECTIONS} closed at once\n`,
    );
    expect(dropped.length).toBeGreaterThanOrEqual(5);
    expect((after['too_many_connections'] ?? 0) - (before['too_many_connections'] ?? 0)).toBe(
      dropped.length,
    );
  });
});
