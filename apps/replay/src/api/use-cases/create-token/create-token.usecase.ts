import { ForbiddenException, Injectable } from '@nestjs/common';
import { OperatorTokenRepository } from '@hookline/persistence';
import { AuditLog } from '../../audit/audit-log.service.js';
import { hashSecret, newToken } from '../../auth/operator-token.js';
import { type OperatorToken, toOperatorToken } from '../list-tokens/operator-token.view.js';
import { type CreateTokenCommand } from './create-token.command.js';

@Injectable()
export class CreateToken {
  constructor(
    private readonly tokens: OperatorTokenRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The new token, with `token` (the whole `hl_<id>_<secret>`): the only time it is shown. */
  async execute(command: CreateTokenCommand): Promise<OperatorToken & { token: string }> {
    const { principal, input } = command;
    const outside = input.tenants.filter((tenant) =>
      tenant === '*' ? principal.tenants !== '*' : !principal.canSee(tenant),
    );
    if (outside.length > 0) {
      const reason = `tenants ${outside.map((t) => `"${t}"`).join(', ')} are outside this token's tenants`;
      await this.audit.record({
        principal,
        action: 'tokens.create',
        target: input.name,
        outcome: 'denied',
        detail: { reason },
      });
      throw new ForbiddenException(reason);
    }
    const made = newToken();
    const row = await this.tokens.insert({
      id: made.id,
      name: input.name,
      role: input.role,
      tenants: [...input.tenants],
      secretSha256: hashSecret(made.secret),
      origin: 'api',
      createdBy: principal.name,
    });
    await this.audit.record({
      principal,
      action: 'tokens.create',
      target: row.id,
      outcome: 'succeeded',
      detail: { name: row.name, role: row.role, tenants: row.tenants },
    });
    return { ...toOperatorToken(row), token: made.token };
  }
}
