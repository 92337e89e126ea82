import { useState } from 'react';
import { api } from '../api/client';
import { type DestinationView } from '../api/types';
import { ErrorNotice, Loading, formatTime } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { useApi } from '../components/use-api';
import { useSession } from '../session-context';

/** Every destination's health and circuit; operators disable or enable one. */
export function Destinations() {
  const { can } = useSession();
  const { data, error, loading, reload } = useApi(
    () => api.get<{ items: DestinationView[] }>('/destinations/health'),
    [],
    5_000,
  );
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const act = async (destination: DestinationView, action: 'disable' | 'enable') => {
    setBusy(destination.id);
    try {
      await api.post(`/destinations/${encodeURIComponent(destination.id)}/${action}`);
      setActionError(undefined);
      reload();
    } catch (failure) {
      setActionError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(undefined);
    }
  };
  if (loading && !data) return <Loading what="destinations" />;
  return (
    <>
      <h1>Destinations</h1>
      <ErrorNotice error={error ?? actionError} />
      <table>
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Destination</th>
            <th scope="col">Kind</th>
            <th scope="col">Target</th>
            <th scope="col">Health</th>
            <th scope="col">Breaker</th>
            <th scope="col">Parked</th>
            <th scope="col">Since</th>
            {can('operator') && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {data?.items.map((destination) => (
            <tr key={`${destination.tenantId}/${destination.id}`}>
              <td>{destination.tenantId}</td>
              <td>{destination.id}</td>
              <td>{destination.kind}</td>
              <td className="mono truncate" title={destination.target}>
                {destination.target}
              </td>
              <td>
                <StatusBadge status={destination.state} />
                {destination.disabledWhy && (
                  <span className="small-text"> {destination.disabledWhy}</span>
                )}
              </td>
              <td>
                <StatusBadge status={destination.breakerOpen ? 'open' : 'closed'} />
              </td>
              <td>{destination.parked}</td>
              <td>{formatTime(destination.disabledAt ?? destination.failingSince)}</td>
              {can('operator') && (
                <td>
                  {destination.state === 'disabled' ? (
                    <button
                      type="button"
                      className="small"
                      disabled={busy === destination.id}
                      onClick={() => void act(destination, 'enable')}
                      aria-label={`Enable ${destination.id}`}
                    >
                      Enable
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="danger small"
                      disabled={busy === destination.id}
                      onClick={() => void act(destination, 'disable')}
                      aria-label={`Disable ${destination.id}`}
                    >
                      Disable
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
