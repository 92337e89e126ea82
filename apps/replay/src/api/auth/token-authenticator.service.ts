import { Injectable } from '@nestjs/common';
import { OperatorTokenRepository } from '@hookline/persistence';
import { OperatorPrincipal } from './operator-principal.js';
import { parseToken, secretMatches } from './operator-token.js';

/** Turns an `Authorization` header into the caller, or nothing when it proves no one. */
@Injectable()
export class TokenAuthenticator {
  constructor(private readonly tokens: OperatorTokenRepository) {}

  async authenticate(authorization: string | undefined): Promise<OperatorPrincipal | undefined> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const parts = match && parseToken(match[1] as string);
    if (!parts) return undefined;
    const token = await this.tokens.find(parts.id);
    if (!token || token.revokedAt !== null || !secretMatches(parts.secret, token.secretSha256))
      return undefined;
    void this.tokens.touch(token.id).catch(() => undefined);
    return new OperatorPrincipal(
      token.id,
      token.name,
      token.role,
      token.tenants.includes('*') ? '*' : token.tenants,
    );
  }
}
