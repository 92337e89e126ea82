import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DatabaseConnection } from '@hookline/persistence';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { stringify } from 'yaml';
import { fingerprintSecret } from './config-document.js';
import { latestRevision, mirrorConfig } from './config-mirror.repository.js';
import { loadConfig, parseConfig } from './load-config.js';
import { type HooklineConfig } from './schema/hookline-config.js';
import {
  EXAMPLE_CONFIG_PATH,
  EXAMPLE_ENV,
  EXAMPLE_STRIPE_SECRET,
} from './testing/example-config.js';

describe('mirrorConfig', () => {
  let database: TestDatabase;
  let connection: DatabaseConnection;
  const example = loadConfig(EXAMPLE_CONFIG_PATH, EXAMPLE_ENV);
  const query = <Row>(sql: string) => connection.get().query(sql) as Promise<Row[]>;

  /** The example with its routes changed: billing goes elsewhere, github is dropped. */
  const changedExample = (): HooklineConfig => {
    const document = structuredClone(example) as unknown as {
      tenants: {
        routes: { id: string; eventTypes: string[]; destination: string; filter?: string }[];
      }[];
    };
    document.tenants[0]!.routes = [
      {
        id: 'billing-to-orders',
        eventTypes: ['billing.invoice.*', 'billing.charge.*'],
        destination: 'acme-orders',
        filter: 'data.amount > 100',
      },
    ];
    return parseConfig(stringify(document), {});
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    connection = new DatabaseConnection({
      url: database.url,
      poolSize: 2,
      applicationName: 'config-mirror-test',
      connectTimeoutMs: 2_000,
    });
    await connection.connect();
  });

  afterAll(async () => {
    await connection.close();
    await database.drop();
  });

  it('stores the example with secrets redacted and its sources, destinations and routes', async () => {
    const result = await mirrorConfig(connection.get(), example, 'test-host/ingest');
    expect(result.changed).toBe(true);

    const [revision] = await query<{ revision: number; loaded_by: string; text: string }>(
      'SELECT revision, loaded_by, document::text AS text FROM config_revisions',
    );
    expect(revision).toMatchObject({ revision: result.revision, loaded_by: 'test-host/ingest' });
    const secrets = example.tenants.flatMap((tenant) => [
      ...tenant.sources.flatMap((source) => source.secrets),
      ...tenant.destinations.flatMap((destination) =>
        destination.kind === 'http' ? [destination.secret] : [],
      ),
    ]);
    expect(secrets).toContain(EXAMPLE_STRIPE_SECRET);
    for (const secret of secrets) expect(revision!.text).not.toContain(secret);
    expect(revision!.text).toContain(fingerprintSecret(EXAMPLE_STRIPE_SECRET));

    expect(
      await query(
        'SELECT source_id, tenant_id, provider, revision FROM config_sources ORDER BY source_id',
      ),
    ).toEqual(
      example.tenants[0]!.sources.map((source) => ({
        source_id: source.id,
        tenant_id: 'acme',
        provider: source.provider,
        revision: result.revision,
      })).sort((a, b) => a.source_id.localeCompare(b.source_id)),
    );
    expect(await query('SELECT * FROM config_destinations ORDER BY destination_id')).toEqual([
      {
        destination_id: 'acme-finance',
        tenant_id: 'acme',
        kind: 'http',
        url: 'http://127.0.0.1:9999/finance',
        revision: result.revision,
      },
      {
        destination_id: 'acme-orders',
        tenant_id: 'acme',
        kind: 'http',
        url: 'http://127.0.0.1:9999/hooks',
        revision: result.revision,
      },
    ]);
    expect(
      await query(
        'SELECT route_id, destination_id, event_types, filter FROM config_routes ORDER BY route_id',
      ),
    ).toEqual(
      example.tenants[0]!.routes.map((route) => ({
        route_id: route.id,
        destination_id: route.destination,
        event_types: [...route.eventTypes],
        filter: route.filter ?? null,
      })).sort((a, b) => a.route_id.localeCompare(b.route_id)),
    );
    expect(
      await query("SELECT filter FROM config_routes WHERE route_id = 'large-paid-invoices'"),
    ).toEqual([{ filter: 'data.amount_paid >= 100000' }]);
    expect(await latestRevision(connection.get())).toMatchObject({
      revision: result.revision,
      checksum: result.checksum,
      loadedBy: 'test-host/ingest',
    });
  });

  it('keeps the same revision when the same configuration is mirrored again', async () => {
    const first = await latestRevision(connection.get());
    const again = await mirrorConfig(
      connection.get(),
      loadConfig(EXAMPLE_CONFIG_PATH, EXAMPLE_ENV),
      'other',
    );
    expect(again).toEqual({ revision: first!.revision, checksum: first!.checksum, changed: false });
    expect(await query('SELECT count(*)::int AS n FROM config_revisions')).toEqual([{ n: 1 }]);
  });

  it('records a changed configuration as a new revision and replaces the routes', async () => {
    const before = await latestRevision(connection.get());
    const changed = await mirrorConfig(connection.get(), changedExample(), 'test-host/router');
    expect(changed.changed).toBe(true);
    expect(changed.revision).toBeGreaterThan(before!.revision);
    expect(
      await query('SELECT route_id, event_types, filter, revision FROM config_routes'),
    ).toEqual([
      {
        route_id: 'billing-to-orders',
        event_types: ['billing.invoice.*', 'billing.charge.*'],
        filter: 'data.amount > 100',
        revision: changed.revision,
      },
    ]);
    expect(await query('SELECT DISTINCT revision FROM config_sources')).toEqual([
      { revision: changed.revision },
    ]);
    expect((await latestRevision(connection.get()))?.revision).toBe(changed.revision);
  });

  it('makes an earlier revision current again when its configuration comes back', async () => {
    const [original] = await query<{ revision: number }>(
      'SELECT min(revision) AS revision FROM config_revisions',
    );
    const back = await mirrorConfig(connection.get(), example, 'test-host/rollback');
    expect(back).toMatchObject({ revision: original!.revision, changed: true });
    expect(await query('SELECT count(*)::int AS n FROM config_revisions')).toEqual([{ n: 2 }]);
    expect(await query('SELECT route_id FROM config_routes ORDER BY route_id')).toEqual(
      example.tenants[0]!.routes.map((route) => ({ route_id: route.id })).sort((a, b) =>
        a.route_id.localeCompare(b.route_id),
      ),
    );
    expect(await latestRevision(connection.get())).toMatchObject({
      revision: original!.revision,
      loadedBy: 'test-host/rollback',
    });
  });

  it('serializes concurrent mirrors of the same new configuration into one revision', async () => {
    const config = changedExample();
    const results = await Promise.all(
      [1, 2, 3].map((n) => mirrorConfig(connection.get(), config, `racer-${n}`)),
    );
    expect(new Set(results.map((result) => result.revision)).size).toBe(1);
    expect(results.filter((result) => result.changed)).toHaveLength(1);
  });
});
