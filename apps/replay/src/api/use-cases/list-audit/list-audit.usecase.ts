import { Injectable } from '@nestjs/common';
import { OperatorAuditRepository, type OperatorAuditRow } from '@hookline/persistence';
import { decodeCursor, type Page, toPage } from '../../http/pagination.js';
import { type ListAuditCommand } from './list-audit.command.js';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  tokenId: string | null;
  role: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

@Injectable()
export class ListAudit {
  constructor(private readonly audit: OperatorAuditRepository) {}

  async execute(command: ListAuditCommand): Promise<Page<AuditEntry>> {
    const { principal, input } = command;
    const rows = await this.audit.list({
      after: decodeCursor(input.cursor),
      limit: input.limit + 1,
      ...(input.action ? { action: input.action } : {}),
      ...(input.actor ? { actor: input.actor } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(principal.tenants === '*' ? {} : { within: principal.tenants }),
    });
    return toPage(rows, input.limit, (row) => ({ at: row.at, id: row.id }), toAuditEntry);
  }
}

function toAuditEntry(row: OperatorAuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    tokenId: row.tokenId,
    role: row.role,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
  };
}
