import { z } from 'zod';
import { Egress } from './egress.js';
import { Operator } from './operator.js';
import { Slo } from './slo.js';
import { Tenant } from './tenant.js';
import { Timeline } from './timeline.js';
import { isRecord, listAt, reportDuplicateIds, stringAt, whenObject } from './unique-ids.js';

type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

/**
 * The whole `hookline.yaml`. Ids that leave a tenant are unique across tenants: source ids
 * (they are in the intake URL) and destination ids (they key delivery tasks).
 */
export const HooklineConfig = z
  .strictObject({
    version: z.literal(1, { error: 'unsupported version: expected 1' }),
    tenants: z.array(Tenant),
    /** Which non-public addresses deliveries may reach (none by default). */
    egress: Egress.prefault({}),
    /** The event timeline: written by every stage, trimmed by the replay service. */
    timeline: Timeline.prefault({}),
    /** Operator API tokens and what it redacts (none and nothing by default). */
    operator: Operator.prefault({}),
    /** Each integration tier's delivery objective and latency budget (defaults in slo.ts). */
    slo: Slo.prefault({}),
  })
  .superRefine((config: unknown, ctx) => {
    const tenants = listAt(config, 'tenants');
    reportDuplicateIds(tenants, 'tenant', (index) => ['tenants', index], ctx);
    const sources = new Map<string, PropertyKey[]>();
    const destinations = new Map<string, PropertyKey[]>();
    tenants.forEach((tenant, t) => {
      const at = (key: string) => (index: number) => ['tenants', t, key, index];
      reportDuplicateIds(listAt(tenant, 'sources'), 'source', at('sources'), ctx, sources);
      reportDuplicateIds(
        listAt(tenant, 'destinations'),
        'destination',
        at('destinations'),
        ctx,
        destinations,
      );
    });
    checkOperatorReferences(
      config,
      new Set(tenants.flatMap((t) => stringAt(t, 'id') ?? [])),
      sources,
      ctx,
    );
  }, whenObject);

/** Tokens name tenants, redaction names sources: both must exist. */
function checkOperatorReferences(
  config: unknown,
  tenantIds: Set<string>,
  sourceIds: Map<string, PropertyKey[]>,
  ctx: z.RefinementCtx,
): void {
  const operator = isRecord(config) ? config['operator'] : undefined;
  listAt(operator, 'tokens').forEach((token, t) => {
    listAt(token, 'tenants').forEach((tenant, i) => {
      if (typeof tenant !== 'string' || tenant === '*' || tenantIds.has(tenant)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['operator', 'tokens', t, 'tenants', i],
        message: `unknown tenant "${tenant}"`,
      });
    });
  });
  const redact = isRecord(operator) ? operator['redact'] : undefined;
  const sources = isRecord(redact) ? redact['sources'] : undefined;
  if (!isRecord(sources)) return;
  for (const sourceId of Object.keys(sources)) {
    if (sourceIds.has(sourceId)) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['operator', 'redact', 'sources', sourceId],
      message: `unknown source "${sourceId}"`,
    });
  }
}

/** What the file says, as written (before defaults). */
export type HooklineConfigInput = z.input<typeof HooklineConfig>;
/** The loaded configuration: defaults applied, secrets resolved, frozen. */
export type HooklineConfig = DeepReadonly<z.output<typeof HooklineConfig>>;
export type TenantConfig = HooklineConfig['tenants'][number];
export type SourceConfig = TenantConfig['sources'][number];
export type DestinationConfig = TenantConfig['destinations'][number];
export type RouteConfig = TenantConfig['routes'][number];
export type HttpDestinationConfig = Extract<DestinationConfig, { kind: 'http' }>;
export type SlackDestinationConfig = Extract<DestinationConfig, { kind: 'slack' }>;
export type TimelineConfig = HooklineConfig['timeline'];
export type SloConfig = HooklineConfig['slo'];
export type OperatorTokenConfig = HooklineConfig['operator']['tokens'][number];
export type KafkaDestinationConfig = Extract<DestinationConfig, { kind: 'kafka' }>;
