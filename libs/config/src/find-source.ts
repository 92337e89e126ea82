import {
  type HooklineConfig,
  type SourceConfig,
  type TenantConfig,
} from './schema/hookline-config.js';

export interface SourceMatch {
  tenant: TenantConfig;
  source: SourceConfig;
}

// Configs are frozen, so an index built once per config stays right.
const indexes = new WeakMap<HooklineConfig, Map<string, SourceMatch>>();

/** The source with this id and the tenant it belongs to (the intake's lookup per request). */
export function findSource(config: HooklineConfig, sourceId: string): SourceMatch | undefined {
  let index = indexes.get(config);
  if (!index) {
    index = new Map(
      config.tenants.flatMap((tenant) =>
        tenant.sources.map((source) => [source.id, { tenant, source }] as const),
      ),
    );
    indexes.set(config, index);
  }
  return index.get(sourceId);
}
