/** `['tenants', 0, 'sources', 2, 'secrets']` → `tenants[0].sources[2].secrets`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}
