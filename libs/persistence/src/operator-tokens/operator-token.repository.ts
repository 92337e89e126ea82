import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';

export type OperatorTokenRole = 'viewer' | 'operator' | 'admin';

/** A bearer token of the operator API. Only the secret's sha256 is kept. */
export interface OperatorTokenRow {
  id: string;
  name: string;
  role: OperatorTokenRole;
  /** Tenant ids, or `['*']` for every tenant. */
  tenants: string[];
  secretSha256: string;
  /** `config`: declared in hookline.yaml (kept in step with it); `api`: made by an admin. */
  origin: 'config' | 'api';
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type ConfigToken = Pick<
  OperatorTokenRow,
  'id' | 'name' | 'role' | 'tenants' | 'secretSha256'
>;

type Row = {
  id: string;
  name: string;
  role: OperatorTokenRole;
  tenants: string[];
  secret_sha256: string;
  origin: 'config' | 'api';
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

@Injectable()
export class OperatorTokenRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async find(id: string): Promise<OperatorTokenRow | undefined> {
    const rows: Row[] = await this.database
      .get()
      .query(`SELECT * FROM operator_tokens WHERE id = $1`, [id]);
    return rows[0] && toToken(rows[0]);
  }

  /**
   * Newest first, revoked ones included (they say when); `within`: only tokens whose
   * tenants all lie in it (a `*` token lies in none).
   */
  async list(page: {
    after?: { at: Date; id: string };
    limit: number;
    within?: readonly string[];
  }): Promise<OperatorTokenRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (page.after)
      where.push(
        `(date_trunc('milliseconds', created_at), id) < (${param(page.after.at)}, ${param(page.after.id)})`,
      );
    if (page.within) where.push(`tenants <@ ${param(page.within)}::text[]`);
    const rows: Row[] = await this.database.get().query(
      `SELECT * FROM operator_tokens ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT ${param(page.limit)}`,
      params,
    );
    return rows.map(toToken);
  }

  async insert(
    token: Omit<OperatorTokenRow, 'createdAt' | 'lastUsedAt' | 'revokedAt'>,
  ): Promise<OperatorTokenRow> {
    const rows: Row[] = await this.database.get().query(
      `INSERT INTO operator_tokens (id, name, role, tenants, secret_sha256, origin, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        token.id,
        token.name,
        token.role,
        token.tenants,
        token.secretSha256,
        token.origin,
        token.createdBy,
      ],
    );
    return toToken(rows[0] as Row);
  }

  /** Revokes a live token; false when there is none by that id (or it was revoked already). */
  async revoke(id: string): Promise<boolean> {
    const rows: unknown[] = await this.database
      .get()
      .query(
        `UPDATE operator_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id],
      );
    return rows.length > 0;
  }

  /** At most once a minute per token: enough to tell used tokens from forgotten ones. */
  async touch(id: string): Promise<void> {
    await this.database.get().query(
      `UPDATE operator_tokens SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  /**
   * Makes the file's tokens the live `config` tokens: new and changed ones written,
   * those no longer in the file revoked. An `api` token with the same id is left alone
   * and its id returned, so the caller can say so.
   */
  async syncConfigTokens(tokens: readonly ConfigToken[]): Promise<string[]> {
    return this.database.get().transaction(async (manager) => {
      const clashes: { id: string }[] = await manager.query(
        `SELECT id FROM operator_tokens WHERE origin = 'api' AND id = ANY($1)`,
        [tokens.map((token) => token.id)],
      );
      const clashing = new Set(clashes.map((row) => row.id));
      for (const token of tokens) {
        if (clashing.has(token.id)) continue;
        await manager.query(
          `INSERT INTO operator_tokens (id, name, role, tenants, secret_sha256, origin)
           VALUES ($1, $2, $3, $4, $5, 'config')
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,
             tenants = EXCLUDED.tenants, secret_sha256 = EXCLUDED.secret_sha256, revoked_at = NULL
           WHERE operator_tokens.origin = 'config'`,
          [token.id, token.name, token.role, token.tenants, token.secretSha256],
        );
      }
      await manager.query(
        `UPDATE operator_tokens SET revoked_at = now()
          WHERE origin = 'config' AND revoked_at IS NULL AND NOT (id = ANY($1))`,
        [tokens.map((token) => token.id)],
      );
      return [...clashing];
    });
  }
}

function toToken(row: Row): OperatorTokenRow {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    tenants: row.tenants,
    secretSha256: row.secret_sha256,
    origin: row.origin,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
