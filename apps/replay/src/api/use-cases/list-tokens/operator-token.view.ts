import { type OperatorTokenRow } from '@hookline/persistence';
import { z } from 'zod';

/** A token as the API shows it: never its secret or hash. */
export const OperatorTokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']),
  tenants: z.array(z.string()),
  origin: z.enum(['config', 'api']),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type OperatorToken = z.infer<typeof OperatorTokenView>;

export function toOperatorToken(row: OperatorTokenRow): OperatorToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    tenants: row.tenants,
    origin: row.origin,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Whether a caller may see (and revoke) a token: every tenant of it must be theirs. */
export function isWithin(tenants: readonly string[], scope: readonly string[] | '*'): boolean {
  return scope === '*' || tenants.every((tenant) => tenant !== '*' && scope.includes(tenant));
}
