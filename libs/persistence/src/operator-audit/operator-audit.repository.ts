import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';

/** One operator action: who, what, on what, how it ended. */
export interface OperatorAuditEntry {
  /** The token used; null when the caller had no valid token. */
  tokenId: string | null;
  /** The token's name, or `anonymous`. */
  actor: string;
  role: string | null;
  /** The caller's tenants (`['*']` for all); null without a valid token. */
  tenants: string[] | null;
  /** `tokens.create`, `replays.start`, `POST /api/v1/…`… */
  action: string;
  target: string | null;
  /** `succeeded`, `failed` or `denied`. */
  outcome: string;
  detail: Record<string, unknown>;
}

export interface OperatorAuditRow extends OperatorAuditEntry {
  id: string;
  at: Date;
}

export interface AuditPage {
  /** Entries older than this one (newest first: ids grow with time). */
  after?: { id: string };
  limit: number;
  action?: string;
  actor?: string;
  outcome?: string;
  /** Only entries of callers whose tenants all lie in it. */
  within?: readonly string[];
}

type Row = {
  id: string;
  at: Date;
  token_id: string | null;
  actor: string;
  role: string | null;
  tenants: string[] | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: Record<string, unknown>;
};

@Injectable()
export class OperatorAuditRepository {
  constructor(private readonly database: DatabaseConnection) {}

  async append(entry: OperatorAuditEntry): Promise<OperatorAuditRow> {
    const rows: Row[] = await this.database.get().query(
      `INSERT INTO operator_audit (token_id, actor, role, tenants, action, target, outcome, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        entry.tokenId,
        entry.actor,
        entry.role,
        entry.tenants,
        entry.action,
        entry.target,
        entry.outcome,
        JSON.stringify(entry.detail),
      ],
    );
    return toEntry(rows[0] as Row);
  }

  /** Newest first. */
  async list(page: AuditPage): Promise<OperatorAuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (page.after) where.push(`id < ${param(page.after.id)}::bigint`);
    if (page.action) where.push(`action = ${param(page.action)}`);
    if (page.actor) where.push(`actor = ${param(page.actor)}`);
    if (page.outcome) where.push(`outcome = ${param(page.outcome)}`);
    if (page.within) where.push(`tenants <@ ${param(page.within)}::text[]`);
    const rows: Row[] = await this.database.get().query(
      `SELECT * FROM operator_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ${param(page.limit)}`,
      params,
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: Row): OperatorAuditRow {
  return {
    id: String(row.id),
    at: row.at,
    tokenId: row.token_id,
    actor: row.actor,
    role: row.role,
    tenants: row.tenants,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
  };
}
