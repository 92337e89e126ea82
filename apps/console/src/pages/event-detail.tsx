import { Link } from 'wouter';
import { api } from '../api/client';
import { type EventDetail, type SourceView, type TimelineEntry } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { ErrorNotice, Loading, formatTime } from '../components/notice';
import { ReplayPanel } from '../components/replay-panel';
import { StatusBadge } from '../components/status-badge';
import { useApi } from '../components/use-api';
import { useSession } from '../session-context';
import { deadLetterIds, deadLetterPlaces } from './event-dead-letters';
import { resendCurl } from './resend-curl';

/** Why an entry failed, in the words the pipeline recorded. */
function reasonOf(entry: TimelineEntry): string | undefined {
  const detail = entry.detail ?? {};
  for (const key of ['reason', 'errorMessage', 'error', 'message'])
    if (typeof detail[key] === 'string') return detail[key] as string;
  return undefined;
}

/** One webhook from request to each delivery attempt. */
export function EventDetailPage({ id }: { id: string }) {
  const { can } = useSession();
  const { data, error, loading, reload } = useApi(
    () => api.get<EventDetail>(`/events/${encodeURIComponent(id)}`),
    [id],
    5_000,
  );
  const sources = useApi(() => api.get<{ items: SourceView[] }>('/sources'), []);
  if (loading && !data) return <Loading what="the event" />;
  if (!data) return <ErrorNotice error={error} />;
  const { raw, events, timeline, attempts } = data;
  const webhookUrl =
    sources.data?.items.find((source) => source.id === raw.sourceId)?.webhookUrl ??
    `http://${raw.headers['host'] ?? 'localhost'}${raw.path}`;
  const curl = resendCurl(raw, webhookUrl);
  const deadLetters = deadLetterPlaces(timeline);

  return (
    <>
      <p>
        <Link href="/events">← Events</Link>
      </p>
      <h1>
        Event <span className="mono">{events[0]?.providereventid ?? raw.id}</span>
      </h1>
      <ErrorNotice error={error} />
      <dl className="facts">
        <dt>Raw event</dt>
        <dd className="mono">{raw.id}</dd>
        <dt>Source</dt>
        <dd>
          {raw.sourceId} ({raw.provider}), tenant {raw.tenantId}
        </dd>
        <dt>Received</dt>
        <dd>{formatTime(raw.receivedAt)}</dd>
        <dt>Correlation id</dt>
        <dd className="mono">{raw.correlationId ?? '—'}</dd>
        <dt>Types</dt>
        <dd>{events.map((event) => event.type).join(', ') || '—'}</dd>
      </dl>

      {deadLetters.length > 0 && can('operator') && (
        <ReplayPanel
          request={async () => {
            const ids = await deadLetterIds(deadLetters);
            if (ids.length === 0) throw new Error('its dead letters are not recorded yet');
            return { kind: 'dead-letters', filter: { ids } };
          }}
          what={
            deadLetters.length === 1
              ? 'this event'
              : `this event's ${deadLetters.length} dead letters`
          }
          onStarted={reload}
        />
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {timeline.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <ol className="timeline">
            {timeline.map((entry, index) => (
              <li key={entry.id ?? index}>
                <span className="when">{formatTime(entry.occurredAt)}</span>
                <span className="stage">{entry.stage}</span>
                <StatusBadge status={entry.state} />
                {entry.destinationId && <span>→ {entry.destinationId}</span>}
                {reasonOf(entry) && <span className="reason">{reasonOf(entry)}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="attempts-title">
        <h2 id="attempts-title">Delivery attempts</h2>
        {attempts.length === 0 ? (
          <p className="muted">No delivery attempted.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Destination</th>
                <th scope="col">#</th>
                <th scope="col">Outcome</th>
                <th scope="col">HTTP</th>
                <th scope="col">Took</th>
                <th scope="col">Reason</th>
                <th scope="col">Response</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((attempt, index) => (
                <tr key={attempt.id ?? index}>
                  <td>{formatTime(attempt.startedAt)}</td>
                  <td>{attempt.destinationId}</td>
                  <td>{attempt.attempt}</td>
                  <td>
                    <StatusBadge status={attempt.outcome} />
                  </td>
                  <td>{attempt.status ?? '—'}</td>
                  <td>{attempt.durationMs} ms</td>
                  <td>{attempt.reason}</td>
                  <td className="mono snippet">{attempt.responseSnippet ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="canonical-title">
        <h2 id="canonical-title">Canonical event{events.length === 1 ? '' : 's'}</h2>
        {events.map((event) => (
          <pre
            key={event.id}
            className="code"
            tabIndex={0}
            aria-label={`Canonical event ${event.id}`}
          >
            {JSON.stringify(event, null, 2)}
          </pre>
        ))}
      </section>

      <section aria-labelledby="raw-title">
        <h2 id="raw-title">Raw request</h2>
        <p className="mono">
          {raw.method} {raw.path}
        </p>
        <pre className="code" tabIndex={0} aria-label="Raw request headers">
          {Object.entries(raw.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join('\n')}
        </pre>
        <pre className="code" tabIndex={0} aria-label="Raw request body">
          {prettyBody(raw.body)}
        </pre>
        <div className="row">
          <h3 id="curl-title">Resend with curl</h3>
          <CopyButton text={curl} label="Copy the curl command that resends this webhook" />
        </div>
        <pre className="code" tabIndex={0} aria-labelledby="curl-title">
          {curl}
        </pre>
      </section>
    </>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
