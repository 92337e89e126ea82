import { useState } from 'react';
import { useSearchParams } from 'wouter';
import { api } from '../api/client';
import { type Page, type ReplayJob } from '../api/types';
import { ErrorNotice, Loading, formatTime } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { useApi } from '../components/use-api';
import { useSession } from '../session-context';

const LIVE = new Set(['pending', 'running']);

/** Replay jobs, live: progress, what each record came to, cancel or confirm. */
export function Replays() {
  const { can } = useSession();
  const [params] = useSearchParams();
  const highlighted = params.get('job');
  const { data, error, loading, reload } = useApi(
    () => api.get<Page<ReplayJob>>('/replays', { limit: 50 }),
    [],
    2_000,
  );
  const [actionError, setActionError] = useState<string>();
  const act = (job: ReplayJob, action: 'cancel' | 'start') =>
    api.post(`/replays/${encodeURIComponent(job.id)}/${action}`).then(
      () => (setActionError(undefined), reload()),
      (failure: unknown) =>
        setActionError(failure instanceof Error ? failure.message : String(failure)),
    );

  return (
    <>
      <h1>Replay jobs</h1>
      <ErrorNotice error={error ?? actionError} />
      {loading && !data ? (
        <Loading what="replay jobs" />
      ) : data && data.items.length === 0 ? (
        <p className="muted">No replay yet: start one from Dead letters.</p>
      ) : (
        <ul className="jobs">
          {data?.items.map((job) => {
            const done = job.sent + job.skipped + job.alreadyDelivered + job.failed;
            return (
              <li key={job.id} className={job.id === highlighted ? 'job highlighted' : 'job'}>
                <div className="row">
                  <h2 className="job-title">
                    {job.kind} <span className="mono">{job.id}</span>
                  </h2>
                  <StatusBadge status={job.state} />
                  {can('operator') && LIVE.has(job.state) && (
                    <button
                      type="button"
                      className="danger small"
                      onClick={() => void act(job, 'cancel')}
                      aria-label={`Cancel replay job ${job.id}`}
                    >
                      Cancel
                    </button>
                  )}
                  {can('operator') && job.state === 'dry-run' && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => void act(job, 'start')}
                      aria-label={`Confirm replay job ${job.id}`}
                    >
                      Confirm
                    </button>
                  )}
                </div>
                <progress
                  max={Math.max(job.total, 1)}
                  value={Math.min(done, Math.max(job.total, 1))}
                  aria-label={`Progress of replay job ${job.id}: ${done} of ${job.total}`}
                />
                <dl className="counts">
                  <dt>total</dt>
                  <dd>{job.total}</dd>
                  <dt>sent</dt>
                  <dd>{job.sent}</dd>
                  <dt>already delivered</dt>
                  <dd>{job.alreadyDelivered}</dd>
                  <dt>skipped</dt>
                  <dd>{job.skipped}</dd>
                  <dt>failed</dt>
                  <dd>{job.failed}</dd>
                </dl>
                <p className="muted small-text">
                  by {job.createdBy}, {formatTime(job.createdAt)}
                  {job.finishedAt && `, finished ${formatTime(job.finishedAt)}`}
                  {job.rate && `, ${job.rate}/s`}
                  {job.force && ', forced'}
                </p>
                {job.error && <p className="error">{job.error}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
