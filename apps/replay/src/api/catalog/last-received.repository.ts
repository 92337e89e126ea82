import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '@hookline/persistence';

export interface ReceivedWebhook {
  rawEventId: string;
  receivedAt: string;
}

/** The latest raw webhooks of each source (the raw store's tenant, received_at index). */
@Injectable()
export class LastReceivedRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async forSources(
    sources: { tenantId: string; id: string }[],
    perSource = 5,
  ): Promise<Map<string, ReceivedWebhook[]>> {
    const found = new Map<string, ReceivedWebhook[]>();
    if (sources.length === 0) return found;
    const rows = (await this.database.get().query(
      `SELECT s.tenant_id, s.source_id, r.id, r.received_at
         FROM unnest($1::text[], $2::text[]) AS s(tenant_id, source_id)
         CROSS JOIN LATERAL (
           SELECT id, received_at FROM raw_webhooks w
            WHERE w.tenant_id = s.tenant_id AND w.source_id = s.source_id
            ORDER BY received_at DESC LIMIT $3) r`,
      [sources.map((source) => source.tenantId), sources.map((source) => source.id), perSource],
    )) as { tenant_id: string; source_id: string; id: string; received_at: Date }[];
    for (const row of rows) {
      const key = `${row.tenant_id}/${row.source_id}`;
      found.set(key, [
        ...(found.get(key) ?? []),
        { rawEventId: row.id, receivedAt: row.received_at.toISOString() },
      ]);
    }
    return found;
  }
}
