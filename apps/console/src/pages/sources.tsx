import { Link } from 'wouter';
import { api } from '../api/client';
import { type SourceView } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { ErrorNotice, Loading, formatTime } from '../components/notice';
import { useApi } from '../components/use-api';

/** Where each provider delivers, and what arrived last. */
export function Sources() {
  const { data, error, loading } = useApi(
    () => api.get<{ items: SourceView[] }>('/sources'),
    [],
    10_000,
  );
  if (loading && !data) return <Loading what="sources" />;
  return (
    <>
      <h1>Sources</h1>
      <ErrorNotice error={error} />
      <ul className="cards">
        {data?.items.map((source) => (
          <li key={`${source.tenantId}/${source.id}`} className="card">
            <h2>
              {source.id}{' '}
              <span className="muted">
                {source.provider} · {source.tenantId}
              </span>
            </h2>
            <div className="row">
              <code className="url">{source.webhookUrl}</code>
              <CopyButton text={source.webhookUrl} label={`Copy the webhook URL of ${source.id}`} />
            </div>
            <h3>Last received</h3>
            {source.lastReceived.length === 0 ? (
              <p className="muted">Nothing received yet.</p>
            ) : (
              <ul className="plain">
                {source.lastReceived.map((raw) => (
                  <li key={raw.rawEventId}>
                    <Link href={`/events/${encodeURIComponent(raw.rawEventId)}`}>
                      {formatTime(raw.receivedAt)}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
