const TONE: Record<string, string> = {
  delivered: 'good',
  completed: 'good',
  healthy: 'good',
  normalized: 'info',
  routed: 'info',
  running: 'info',
  pending: 'info',
  received: 'info',
  'dry-run': 'info',
  duplicate: 'muted',
  filtered: 'muted',
  unrouted: 'muted',
  cancelled: 'muted',
  drifted: 'warn',
  failing: 'warn',
  failed: 'bad',
  dead_lettered: 'bad',
  disabled: 'bad',
  open: 'bad',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? 'muted'}`}>{String(status).replace('_', ' ')}</span>
  );
}
