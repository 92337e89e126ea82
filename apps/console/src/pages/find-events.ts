import { api } from '../api/client';
import { type EventSummary, type Page } from '../api/types';

/** Events whose provider event id, or else correlation id, is `wanted`. */
export async function findEvents(wanted: string): Promise<Page<EventSummary>> {
  const byProvider = await api.get<Page<EventSummary>>('/events', { providerEventId: wanted });
  if (byProvider.items.length > 0) return byProvider;
  return api.get<Page<EventSummary>>('/events', { correlationId: wanted });
}
