import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROVIDER_NAMES, getProvider } from '@hookline/providers';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { waitForReady } from '@hookline/testing';
import { IngestModule, ingestAppOptions } from '../ingest.module.js';
import { signedRequest, testConfigYaml, TEST_SECRETS } from './testing/signed-requests.js';

// Every provider's signature headers, as its adapter names them, and the generic source's own.
const SIGNATURE_HEADERS = [
  ...PROVIDER_NAMES.flatMap((name) => getProvider(name).secretHeaders),
  'x-signature',
];

// Everything the service writes at debug level (its own lines and kafkajs's) while it
// receives good and bad webhooks of every provider: no secret, no signature.
describe('ingest logs at debug level', () => {
  let service: TestService;
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
    const configPath = join(mkdtempSync(join(tmpdir(), 'ingest-logs-')), 'hookline.yaml');
    writeFileSync(configPath, testConfigYaml());
    service = await startTestService(
      'ingest',
      (config) => IngestModule.register(config),
      { HOOKLINE_CONFIG: configPath, LOG_LEVEL: 'debug' },
      ingestAppOptions,
    );
    expect((await waitForReady(service.url)).ready).toBe(true);
  });

  afterAll(async () => {
    await service?.close();
    for (const spy of spies) spy.mockRestore();
  });

  it('never contain a secret or a signature', async () => {
    const signatures: string[] = [];
    for (const provider of PROVIDER_NAMES) {
      const request = await signedRequest(provider);
      for (const name of SIGNATURE_HEADERS) {
        const value = request.headers[name];
        if (value) signatures.push(value);
      }
      const url = `${service.url}/webhooks/${request.sourceId}`;
      const good = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      expect(good.status).toBe(200);
      // Another body under a forged signature (or token, for GitLab, which signs no body):
      // refused, and logged only as a refusal.
      const forged = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          SIGNATURE_HEADERS.includes(name)
            ? `${value.slice(0, -1)}${value.endsWith('0') ? '1' : '0'}`
            : value,
        ]),
      );
      const bad = await fetch(url, {
        method: 'POST',
        headers: forged,
        body: request.body.replace(/"/, ' "'),
      });
      expect(bad.status).toBe(401);
    }
    await sleep(1_500); // the publishes and their kafkajs debug lines

    const output = written.join('');
    expect(output.length).toBeGreaterThan(0);
    expect(output).toMatch(/"level":"debug"/);
    for (const secret of Object.values(TEST_SECRETS)) expect(output).not.toContain(secret);
    expect(signatures.length).toBeGreaterThanOrEqual(7);
    for (const signature of signatures) expect(output).not.toContain(signature);
  });
});
