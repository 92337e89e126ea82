import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api } from '../api/client';
import { EVENT_STATUSES, type EventSummary, type Page } from '../api/types';
import { ErrorNotice, Loading, formatTime } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { useApi } from '../components/use-api';
import { findEvents } from './find-events';

const FIELDS = ['providerEventId', 'correlationId', 'type', 'status', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

/** `datetime-local` has no zone: read it as local time, send ISO 8601. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Search received webhooks; the filters live in the address, so a search can be shared. */
export function Events() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(
    FIELDS.map((field) => [field, params.get(field) ?? '']),
  ) as Record<Field, string>;
  const [draft, setDraft] = useState(applied);
  const [cursor, setCursor] = useState<string | null>(null);
  const query = { ...applied, from: toIso(applied.from), to: toIso(applied.to), cursor };
  // `find`: the header's search, by provider event id or else correlation id.
  const find = params.get('find');
  const { data, error, loading } = useApi(
    () => (find ? findEvents(find) : api.get<Page<EventSummary>>('/events', query)),
    [params.toString(), cursor],
  );
  const [, navigate] = useLocation();
  const only = find && data?.items.length === 1 ? data.items[0] : undefined;
  useEffect(() => {
    if (only) navigate(`/events/${encodeURIComponent(only.rawEventId)}`, { replace: true });
  }, [only, navigate]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setCursor(null);
    setParams(Object.fromEntries(Object.entries(draft).filter(([, value]) => value)));
  };
  const field = (name: Field, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`events-${name}`}>{label}</label>
      <input
        id={`events-${name}`}
        type={type}
        value={draft[name]}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      />
    </div>
  );

  return (
    <>
      <h1>Events</h1>
      <form className="filters" role="search" aria-label="Search events" onSubmit={search}>
        {field('providerEventId', 'Provider event id')}
        {field('correlationId', 'Correlation id')}
        {field('type', 'Event type')}
        <div className="field">
          <label htmlFor="events-status">Status</label>
          <select
            id="events-status"
            value={draft.status}
            onChange={(event) => setDraft({ ...draft, status: event.target.value })}
          >
            <option value="">any</option>
            {EVENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        {field('from', 'Received from', 'datetime-local')}
        {field('to', 'Received until', 'datetime-local')}
        <button type="submit">Search</button>
      </form>
      <ErrorNotice error={error} />
      {loading && !data ? (
        <Loading what="events" />
      ) : data && data.items.length === 0 ? (
        <p className="muted">No event matches.</p>
      ) : data ? (
        <table>
          <caption className="visually-hidden">Events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Provider event</th>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Correlation id</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.rawEventId}>
                <td>
                  <Link href={`/events/${encodeURIComponent(item.rawEventId)}`}>
                    {formatTime(item.receivedAt)}
                  </Link>
                </td>
                <td className="mono">{item.providerEventIds.join(', ') || '—'}</td>
                <td>{item.types.join(', ') || '—'}</td>
                <td>{item.sourceId}</td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td className="mono truncate">{item.correlationId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data?.nextCursor && (
        <button type="button" className="secondary" onClick={() => setCursor(data.nextCursor)}>
          Older events
        </button>
      )}
    </>
  );
}
