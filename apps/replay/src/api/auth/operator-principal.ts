import { ForbiddenException } from '@nestjs/common';
import { OPERATOR_ROLES, type OperatorRole } from '@hookline/config';

export { OPERATOR_ROLES, type OperatorRole };

/** Who is calling the operator API: the token's identity, role and tenants. */
export class OperatorPrincipal {
  constructor(
    readonly tokenId: string,
    readonly name: string,
    readonly role: OperatorRole,
    /** `'*'`: every tenant, present and future. */
    readonly tenants: readonly string[] | '*',
  ) {}

  /** Whether objects of this tenant exist for this caller (a tenant-less one: only for `*`). */
  canSee(tenantId: string | null | undefined): boolean {
    if (this.tenants === '*') return true;
    return tenantId !== null && tenantId !== undefined && this.tenants.includes(tenantId);
  }

  /** Whether the role is `min` or above. */
  hasRole(min: OperatorRole): boolean {
    return OPERATOR_ROLES.indexOf(this.role) >= OPERATOR_ROLES.indexOf(min);
  }

  /**
   * The tenants a listing covers: the requested one (403 when outside the token's), or
   * all the token's.
   */
  scope(requested?: string): readonly string[] | '*' {
    if (requested === undefined) return this.tenants;
    if (!this.canSee(requested))
      throw new ForbiddenException(`tenant "${requested}" is outside this token's tenants`);
    return [requested];
  }

  /** As the API shows it (`GET /api/v1/whoami`). */
  toJSON(): { tokenId: string; name: string; role: OperatorRole; tenants: string[] } {
    return {
      tokenId: this.tokenId,
      name: this.name,
      role: this.role,
      tenants: this.tenants === '*' ? ['*'] : [...this.tenants],
    };
  }
}
