import { Injectable } from '@nestjs/common';
import { EventSearchRepository, type EventSummaryRow } from '@hookline/persistence';
import { decodeCursor, type Page, toPage } from '../../http/pagination.js';
import { type SearchEventsCommand } from './search-events.command.js';

export type EventSummary = Omit<EventSummaryRow, 'receivedAt'> & { receivedAt: string };

@Injectable()
export class SearchEvents {
  constructor(private readonly events: EventSearchRepository) {}

  async execute(command: SearchEventsCommand): Promise<Page<EventSummary>> {
    const { principal, input } = command;
    const rows = await this.events.search(
      {
        tenantIds: principal.scope(input.tenant),
        ...(input.source ? { sourceId: input.source } : {}),
        ...(input.provider ? { provider: input.provider } : {}),
        ...(input.type ? { type: input.type } : {}),
        ...(input.status ? { status: input.status } : {}),
        ...(input.from ? { from: input.from } : {}),
        ...(input.to ? { to: input.to } : {}),
        ...(input.providerEventId ? { providerEventId: input.providerEventId } : {}),
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
      },
      { after: decodeCursor(input.cursor), limit: input.limit + 1 },
    );
    return toPage(
      rows,
      input.limit,
      (row) => ({ at: row.receivedAt, id: row.rawEventId }),
      (row) => ({ ...row, receivedAt: row.receivedAt.toISOString() }),
    );
  }
}
