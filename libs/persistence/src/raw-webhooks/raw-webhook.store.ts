import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import { GroupCommit } from './group-commit.js';
import { type AcceptOutcome, type RawWebhook } from './raw-webhook.js';

const COLUMNS = [
  'id',
  'tenant_id',
  'source_id',
  'provider',
  'dedup_key',
  'received_at',
  'method',
  'path',
  'headers',
  'content_type',
  'body',
  'body_bytes',
  'body_sha256',
  'correlation_id',
  'traceparent',
] as const;
const MAX_BATCH = 256;

type Row = {
  id: string;
  tenant_id: string;
  source_id: string;
  provider: string;
  dedup_key: string;
  received_at: Date;
  method: string;
  path: string;
  headers: Record<string, string>;
  content_type: string;
  body: Buffer;
  body_sha256: string;
  correlation_id: string;
  traceparent: string | null;
};

/**
 * The raw store and outbox of ingest. `accept` commits a webhook (or finds it was a
 * duplicate: same source and dedup key) before ingest answers; concurrent calls share
 * one INSERT in one transaction.
 */
@Injectable()
export class RawWebhookStore {
  private readonly acceptGroup = new GroupCommit<RawWebhook, AcceptOutcome>(
    (batch) => this.insert(batch),
    MAX_BATCH,
  );
  private readonly publishedGroup = new GroupCommit<string, void>(
    (ids) => this.setPublished(ids),
    1_000,
  );

  constructor(private readonly database: DatabaseConnection) {}

  accept(webhook: RawWebhook): Promise<AcceptOutcome> {
    return this.acceptGroup.submit(webhook);
  }

  markPublished(id: string): Promise<void> {
    return this.publishedGroup.submit(id);
  }

  async find(id: string): Promise<RawWebhook | undefined> {
    const rows: Row[] = await this.database
      .get()
      .query(`SELECT * FROM raw_webhooks WHERE id = $1`, [id]);
    return rows[0] && toWebhook(rows[0]);
  }

  async findMany(ids: readonly string[]): Promise<Map<string, RawWebhook>> {
    const rows: Row[] = await this.database
      .get()
      .query(`SELECT * FROM raw_webhooks WHERE id = ANY($1::text[])`, [ids]);
    return new Map(rows.map((row) => [row.id, toWebhook(row)]));
  }

  /**
   * Unpublished records older than `olderThanMs`, locked for this transaction so two
   * relays never take the same ones; `publish` runs inside it and marks what it sent.
   */
  async relayUnpublished(
    olderThanMs: number,
    limit: number,
    publish: (webhooks: RawWebhook[]) => Promise<string[]>,
  ): Promise<number> {
    return this.database.get().transaction(async (manager) => {
      const rows: Row[] = await manager.query(
        `SELECT r.* FROM raw_webhook_outbox o JOIN raw_webhooks r USING (id)
          WHERE o.received_at < now() - make_interval(secs => $1)
          ORDER BY o.received_at LIMIT $2 FOR UPDATE OF o SKIP LOCKED`,
        [olderThanMs / 1_000, limit],
      );
      if (rows.length === 0) return 0;
      const sent = await publish(rows.map(toWebhook));
      if (sent.length > 0) {
        await manager.query(`DELETE FROM raw_webhook_outbox WHERE id = ANY($1)`, [sent]);
      }
      return sent.length;
    });
  }

  async countUnpublished(): Promise<number> {
    const [row] = (await this.database
      .get()
      .query(`SELECT count(*)::int AS n FROM raw_webhook_outbox`)) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }

  private async insert(batch: RawWebhook[]): Promise<AcceptOutcome[]> {
    // The same delivery twice in one batch: only the first is inserted.
    const firstByKey = new Map<string, RawWebhook>();
    for (const webhook of batch) {
      const key = dedupIdentity(webhook);
      if (!firstByKey.has(key)) firstByKey.set(key, webhook);
    }
    const unique = [...firstByKey.values()];
    const params: unknown[] = [];
    const tuples = unique.map((webhook) => {
      const values = [
        webhook.id,
        webhook.tenantId,
        webhook.sourceId,
        webhook.provider,
        webhook.dedupKey,
        webhook.receivedAt,
        webhook.method,
        webhook.path,
        JSON.stringify(webhook.headers),
        webhook.contentType,
        webhook.body,
        webhook.body.length,
        webhook.bodySha256,
        webhook.correlationId,
        webhook.traceparent,
      ];
      const placeholders = values.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    // Stored and put in the outbox by one statement: nothing is stored unpublishable.
    const inserted: { id: string }[] = await this.database.get().query(
      `WITH stored AS (
         INSERT INTO raw_webhooks (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
           ON CONFLICT (source_id, dedup_key) DO NOTHING RETURNING id, received_at
       )
       INSERT INTO raw_webhook_outbox (id, received_at) SELECT id, received_at FROM stored
       RETURNING id`,
      params,
    );
    const insertedIds = new Set(inserted.map((row) => row.id));
    const existing = await this.findExisting(
      unique.filter((webhook) => !insertedIds.has(webhook.id)),
    );
    return batch.map((webhook) => {
      if (insertedIds.has(webhook.id)) return { stored: true, id: webhook.id };
      const first = firstByKey.get(dedupIdentity(webhook));
      const original =
        first && insertedIds.has(first.id) ? first.id : existing.get(dedupIdentity(webhook));
      return { stored: false, duplicateOf: original ?? 'unknown' };
    });
  }

  private async findExisting(webhooks: RawWebhook[]): Promise<Map<string, string>> {
    if (webhooks.length === 0) return new Map();
    const rows: { id: string; source_id: string; dedup_key: string }[] = await this.database
      .get()
      .query(
        `SELECT id, source_id, dedup_key FROM raw_webhooks
        WHERE (source_id, dedup_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [webhooks.map((webhook) => webhook.sourceId), webhooks.map((webhook) => webhook.dedupKey)],
      );
    return new Map(rows.map((row) => [`${row.source_id}\u0000${row.dedup_key}`, row.id]));
  }

  private async setPublished(ids: string[]): Promise<void[]> {
    await this.database.get().query(`DELETE FROM raw_webhook_outbox WHERE id = ANY($1)`, [ids]);
    return ids.map(() => undefined);
  }
}

function dedupIdentity(webhook: Pick<RawWebhook, 'sourceId' | 'dedupKey'>): string {
  return `${webhook.sourceId}\u0000${webhook.dedupKey}`;
}

function toWebhook(row: Row): RawWebhook {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    sourceId: row.source_id,
    provider: row.provider,
    dedupKey: row.dedup_key,
    receivedAt: row.received_at,
    method: row.method,
    path: row.path,
    headers: row.headers,
    contentType: row.content_type,
    body: row.body,
    bodySha256: row.body_sha256,
    correlationId: row.correlation_id,
    traceparent: row.traceparent,
  };
}
