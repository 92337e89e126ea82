import { type EventDetail, type EventSummary, type Page } from '../api/api-types.js';
import { renderFields, renderTable } from './table.js';
import { nextPageHint } from './page-hint.js';

export function formatEventList(page: Page<EventSummary>): string {
  if (page.items.length === 0) return 'no events match';
  const table = renderTable(
    ['RAW EVENT', 'TENANT', 'SOURCE', 'RECEIVED', 'TYPES', 'STATUS'],
    page.items.map((event) => [
      event.rawEventId,
      event.tenantId,
      event.sourceId,
      event.receivedAt,
      event.types.join(',') || '-',
      event.status,
    ]),
  );
  return `${table}${nextPageHint(page)}`;
}

export function formatEventDetail(detail: EventDetail): string {
  const { raw } = detail;
  const sections = [
    renderFields([
      ['raw event', raw.id],
      ['tenant', raw.tenantId],
      ['source', `${raw.sourceId} (${raw.provider})`],
      ['received', raw.receivedAt],
      ['request', `${raw.method} ${raw.path} (${raw.contentType})`],
      ['correlation', raw.correlationId],
    ]),
  ];
  if (detail.events.length > 0) {
    sections.push(
      `events:\n${renderTable(
        ['EVENT', 'TYPE', 'SUBJECT'],
        detail.events.map((event) => [event.id, event.type, event.subject]),
      )}`,
    );
  }
  if (detail.timeline.length > 0) {
    sections.push(
      `timeline:\n${renderTable(
        ['AT', 'STAGE', 'STATE', 'DESTINATION', 'DETAIL'],
        detail.timeline.map((entry) => [
          entry.occurredAt,
          entry.stage,
          entry.state,
          entry.destinationId,
          describeDetail(entry.detail),
        ]),
      )}`,
    );
  }
  if (detail.attempts.length > 0) {
    sections.push(
      `delivery attempts:\n${renderTable(
        ['AT', 'DESTINATION', 'ATTEMPT', 'OUTCOME', 'STATUS', 'MS', 'REASON'],
        detail.attempts.map((attempt) => [
          attempt.startedAt,
          attempt.destinationId,
          attempt.attempt,
          attempt.outcome,
          attempt.status,
          attempt.durationMs,
          [attempt.errorClass, attempt.reason].filter(Boolean).join(': '),
        ]),
      )}`,
    );
  }
  sections.push(`body:\n${raw.body}`);
  return sections.join('\n\n');
}

/** A timeline entry's detail in one line: `reason=…, route=…`. */
export function describeDetail(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
