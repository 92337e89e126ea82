import { type DataSource, type EntityManager } from 'typeorm';
import { redactedDocument } from './config-document.js';
import { type HooklineConfig } from './schema/hookline-config.js';

/** One distinct configuration document, as stored (secrets redacted). */
export interface ConfigRevision {
  revision: number;
  checksum: string;
  /** When this document last became the current one. */
  loadedAt: Date;
  loadedBy: string;
  document: unknown;
}

export interface MirrorResult {
  revision: number;
  checksum: string;
  /** False when the document was already the current revision (nothing written). */
  changed: boolean;
}

/** Serializes mirrors: every service mirrors the file it loaded, often at the same moment. */
const MIRROR_LOCK_KEY = 0x68636667; // 'hcfg'

/**
 * Records `config` in PostgreSQL in one transaction: a revision per distinct redacted
 * document (keyed by its checksum), and the rows of config_sources, config_destinations
 * and config_routes replaced by this revision's. Mirroring the current document again
 * writes nothing; going back to an earlier document makes that revision current again.
 */
export async function mirrorConfig(
  dataSource: DataSource,
  config: HooklineConfig,
  loadedBy: string,
): Promise<MirrorResult> {
  const { json: document, checksum } = redactedDocument(config);
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [MIRROR_LOCK_KEY]);
    const current = await selectLatest(manager);
    if (current?.checksum === checksum) {
      return { revision: current.revision, checksum, changed: false };
    }
    const [row] = (await manager.query(
      `INSERT INTO config_revisions (checksum, loaded_by, document) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (checksum) DO UPDATE SET loaded_at = now(), loaded_by = EXCLUDED.loaded_by
       RETURNING revision`,
      [checksum, loadedBy, document],
    )) as { revision: number }[];
    const revision = row!.revision;
    await replaceRows(manager, config, revision);
    return { revision, checksum, changed: true };
  });
}

/** The current revision (the one most recently mirrored), if any. */
export async function latestRevision(dataSource: DataSource): Promise<ConfigRevision | undefined> {
  return selectLatest(dataSource.manager);
}

async function selectLatest(manager: EntityManager): Promise<ConfigRevision | undefined> {
  const [row] = (await manager.query(
    `SELECT revision, checksum, loaded_at AS "loadedAt", loaded_by AS "loadedBy", document
       FROM config_revisions ORDER BY loaded_at DESC, revision DESC LIMIT 1`,
  )) as ConfigRevision[];
  return row;
}

async function replaceRows(
  manager: EntityManager,
  config: HooklineConfig,
  revision: number,
): Promise<void> {
  const sources = config.tenants.flatMap((tenant) =>
    tenant.sources.map((source) => ({
      source_id: source.id,
      tenant_id: tenant.id,
      provider: source.provider,
    })),
  );
  const destinations = config.tenants.flatMap((tenant) =>
    tenant.destinations.map((destination) => ({
      destination_id: destination.id,
      tenant_id: tenant.id,
      kind: destination.kind,
      // Where it delivers: an HTTP URL, or the topic (a Slack URL is a credential: not stored).
      url:
        destination.kind === 'http'
          ? destination.url
          : destination.kind === 'slack'
            ? 'slack:'
            : `kafka:${destination.topic}`,
    })),
  );
  const routes = config.tenants.flatMap((tenant) =>
    tenant.routes.map((route) => ({
      tenant_id: tenant.id,
      route_id: route.id,
      destination_id: route.destination,
      event_types: route.eventTypes,
      filter: route.filter ?? null,
    })),
  );
  await replaceTable(manager, revision, {
    table: 'config_sources',
    key: ['source_id'],
    columns: { source_id: 'text', tenant_id: 'text', provider: 'text' },
    rows: sources,
  });
  await replaceTable(manager, revision, {
    table: 'config_destinations',
    key: ['destination_id'],
    columns: { destination_id: 'text', tenant_id: 'text', kind: 'text', url: 'text' },
    rows: destinations,
  });
  await replaceTable(manager, revision, {
    table: 'config_routes',
    key: ['tenant_id', 'route_id'],
    columns: {
      tenant_id: 'text',
      route_id: 'text',
      destination_id: 'text',
      event_types: 'text[]',
      filter: 'text',
    },
    rows: routes,
  });
}

interface TableContent {
  table: string;
  key: string[];
  /** Column name → SQL type; every column but `revision`. */
  columns: Record<string, string>;
  rows: Record<string, unknown>[];
}

/** Deletes the rows not in `rows` and upserts the rest, all stamped with `revision`. */
async function replaceTable(
  manager: EntityManager,
  revision: number,
  { table, key, columns, rows }: TableContent,
): Promise<void> {
  // Names come from this file only; values travel as one JSON parameter.
  const names = Object.keys(columns);
  const recordset = `jsonb_to_recordset($1::jsonb) AS r(${names.map((name) => `${name} ${columns[name]}`).join(', ')})`;
  const keyList = key.join(', ');
  const updates = [...names.filter((name) => !key.includes(name)), 'revision']
    .map((name) => `${name} = EXCLUDED.${name}`)
    .join(', ');
  const json = JSON.stringify(rows);
  await manager.query(
    `DELETE FROM ${table} WHERE (${keyList}) NOT IN (SELECT ${keyList} FROM ${recordset})`,
    [json],
  );
  await manager.query(
    `INSERT INTO ${table} (${names.join(', ')}, revision)
     SELECT ${names.join(', ')}, $2 FROM ${recordset}
     ON CONFLICT (${keyList}) DO UPDATE SET ${updates}`,
    [json, revision],
  );
}
