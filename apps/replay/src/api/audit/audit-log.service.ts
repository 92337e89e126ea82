import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { OperatorAuditRepository, type OperatorAuditRow } from '@hookline/persistence';
import { type OperatorPrincipal } from '../auth/operator-principal.js';

export type AuditOutcome = 'succeeded' | 'failed' | 'denied';

export interface AuditRecord {
  /** Null when the caller had no valid token. */
  principal: OperatorPrincipal | null;
  /** What was asked, e.g. `tokens.create`, `replays.start`. */
  action: string;
  /** What it was about, e.g. a token or job id. */
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

/**
 * The audit log of the operator API (table `operator_audit`). Use cases call `record`
 * for what they do; an HTTP call that changes something and recorded nothing itself is
 * recorded by the API's interceptor, so every one is there once.
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);
  private readonly request = new AsyncLocalStorage<{ recorded: boolean }>();

  constructor(private readonly repository: OperatorAuditRepository) {}

  async record(entry: AuditRecord): Promise<OperatorAuditRow> {
    const scope = this.request.getStore();
    if (scope) scope.recorded = true;
    return this.repository.append({
      tokenId: entry.principal?.tokenId ?? null,
      actor: entry.principal?.name ?? 'anonymous',
      role: entry.principal?.role ?? null,
      tenants: entry.principal ? entry.principal.toJSON().tenants : null,
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? {},
    });
  }

  /** As `record`, never throwing: a failed audit write is logged, the answer stands. */
  async tryRecord(entry: AuditRecord): Promise<void> {
    await this.record(entry).catch((error: unknown) =>
      this.logger.error(`could not write the audit log (${entry.action}): ${String(error)}`),
    );
  }

  /** Runs `work` noting whether it recorded anything (see the interceptor). */
  track<T>(work: () => T): { result: T; recorded: () => boolean } {
    const scope = { recorded: false };
    const result = this.request.run(scope, work);
    return { result, recorded: () => scope.recorded };
  }
}
