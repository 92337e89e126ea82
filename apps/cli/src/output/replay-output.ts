import { type Page, type ReplayJob } from '../api/api-types.js';
import { nextPageHint } from './page-hint.js';
import { renderFields, renderTable } from './table.js';

export function formatReplayList(page: Page<ReplayJob>): string {
  if (page.items.length === 0) return 'no replay jobs';
  const table = renderTable(
    ['ID', 'KIND', 'STATE', 'CREATED', 'BY', 'PROGRESS'],
    page.items.map((job) => [
      job.id,
      job.kind,
      job.state,
      job.createdAt,
      job.createdBy,
      progressOf(job),
    ]),
  );
  return `${table}${nextPageHint(page)}`;
}

export function formatReplayJob(job: ReplayJob): string {
  const sections = [
    renderFields([
      ['id', job.id],
      ['kind', job.kind],
      ['state', job.state],
      ['created', `${job.createdAt} by ${job.createdBy}`],
      ['started', job.startedAt],
      ['finished', job.finishedAt],
      ['progress', progressOf(job)],
      ['rate', job.rate === null ? 'unlimited' : `${job.rate}/s`],
      ['force', job.force ? 'yes' : 'no'],
      ['error', job.error],
    ]),
  ];
  if (job.preview) sections.push(formatPreview(job));
  return sections.join('\n\n');
}

/** What a dry run would replay, and how to go ahead with it. */
export function formatPreview(job: ReplayJob): string {
  const preview = job.preview;
  if (!preview) return '';
  const lines = [`would replay ${preview.total} record${preview.total === 1 ? '' : 's'}`];
  if (preview.byReason.length > 0) {
    lines.push(
      renderTable(
        ['REASON', 'COUNT'],
        preview.byReason.map((group) => [group.key, group.count]),
      ),
    );
  }
  if (preview.total > 0) lines.push(`to replay them: hookline replays start ${job.id}`);
  return lines.join('\n');
}

/** `12/40 sent, 3 skipped, 1 already delivered, 0 failed` */
export function progressOf(job: ReplayJob): string {
  const total = job.total ?? '?';
  return `${job.sent}/${total} sent, ${job.skipped} skipped, ${job.alreadyDelivered} already delivered, ${job.failed} failed`;
}
