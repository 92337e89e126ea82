import { Injectable, NotFoundException } from '@nestjs/common';
import { OperatorTokenRepository } from '@hookline/persistence';
import { AuditLog } from '../../audit/audit-log.service.js';
import {
  isWithin,
  type OperatorToken,
  toOperatorToken,
} from '../list-tokens/operator-token.view.js';
import { type RevokeTokenCommand } from './revoke-token.command.js';

@Injectable()
export class RevokeToken {
  constructor(
    private readonly tokens: OperatorTokenRepository,
    private readonly audit: AuditLog,
  ) {}

  /** 404 for no such live token, and for one of tenants outside the caller's. */
  async execute(command: RevokeTokenCommand): Promise<OperatorToken> {
    const { principal, tokenId } = command;
    const token = await this.tokens.find(tokenId);
    const visible = token && isWithin(token.tenants, principal.tenants);
    if (!token || !visible || token.revokedAt !== null || !(await this.tokens.revoke(tokenId))) {
      await this.audit.record({
        principal,
        action: 'tokens.revoke',
        target: tokenId,
        outcome: 'failed',
        detail: { status: 404 },
      });
      throw new NotFoundException(`no live token "${tokenId}"`);
    }
    await this.audit.record({
      principal,
      action: 'tokens.revoke',
      target: tokenId,
      outcome: 'succeeded',
      detail: { name: token.name, origin: token.origin },
    });
    return toOperatorToken({ ...token, revokedAt: new Date() });
  }
}
