import { api } from '../api/client';
import { type RouteView } from '../api/types';
import { ErrorNotice, Loading } from '../components/notice';
import { useApi } from '../components/use-api';

/** The routes in force (from the configuration): which events go to which destination. */
export function RoutesPage() {
  const { data, error, loading } = useApi(() => api.get<{ items: RouteView[] }>('/routes'), []);
  if (loading && !data) return <Loading what="routes" />;
  return (
    <>
      <h1>Routes</h1>
      <ErrorNotice error={error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Route</th>
            <th scope="col">Event types</th>
            <th scope="col">Filter</th>
            <th scope="col">Transform</th>
            <th scope="col">Destination</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((route) => (
            <tr key={`${route.tenantId}/${route.id}`}>
              <td>{route.tenantId}</td>
              <td>{route.id}</td>
              <td className="mono">{route.eventTypes.join(', ')}</td>
              <td className="mono">{route.filter ?? '—'}</td>
              <td>{route.transform ? 'yes' : 'no'}</td>
              <td>{route.destination}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
