import {
  type DeadLetter,
  type DeadLetterDetail,
  type Groups,
  type Page,
} from '../api/api-types.js';
import { nextPageHint } from './page-hint.js';
import { renderFields, renderTable } from './table.js';

export function formatDeadLetterList(page: Page<DeadLetter>): string {
  if (page.items.length === 0) return 'no dead letters match';
  const table = renderTable(
    ['ID', 'TENANT', 'STAGE', 'ERROR CLASS', 'DESTINATION', 'ATTEMPTS', 'LAST FAILED', 'REPLAYED'],
    page.items.map((letter) => [
      letter.id,
      letter.tenantId,
      letter.stage,
      letter.errorClass,
      letter.destinationId,
      letter.attempts,
      letter.lastFailedAt ?? letter.recordedAt,
      letter.replayedAt ?? 'no',
    ]),
  );
  return `${table}${nextPageHint(page)}`;
}

export function formatDeadLetterDetail(letter: DeadLetterDetail): string {
  const headers = Object.entries(letter.headers ?? {});
  return [
    renderFields([
      ['id', letter.id],
      ['tenant', letter.tenantId],
      ['stage', letter.stage],
      ['error class', letter.errorClass],
      ['error', letter.errorMessage],
      ['failed at', letter.errorStage],
      ['destination', letter.destinationId],
      ['raw event', letter.rawEventId],
      ['event', letter.eventId],
      ['attempts', letter.attempts],
      ['first failed', letter.firstFailedAt],
      ['last failed', letter.lastFailedAt],
      ['recorded', letter.recordedAt],
      ['replayed', letter.replayedAt ?? 'no'],
      ['dead letter at', `${letter.topic} [${letter.partition}] @ ${letter.offset}`],
      [
        'original',
        `${letter.originalTopic} [${letter.originalPartition}] @ ${letter.originalOffset}`,
      ],
      ['key', letter.key],
    ]),
    headers.length > 0 ? `headers:\n${renderTable(['NAME', 'VALUE'], headers)}` : 'headers: none',
    letter.valueEncoding === 'base64'
      ? `value (base64):\n${letter.value}`
      : `value:\n${letter.value ?? ''}`,
  ].join('\n\n');
}

export function formatGroups(summary: Groups, by: string): string {
  if (summary.groups.length === 0) return 'no dead letters match';
  const total = summary.groups.reduce((sum, group) => sum + group.count, 0);
  return renderTable(
    [by.toUpperCase(), 'COUNT'],
    [...summary.groups.map((group) => [group.key, group.count]), ['total', total]],
  );
}
