import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import { type ReplayJob, type ReplayRequest } from '../api/types';
import { BarList } from './bar-list';
import { ErrorNotice } from './notice';
import { StatusBadge } from './status-badge';

/**
 * Replay in two steps: a dry run shows what would be sent (how many, by reason), then
 * the operator confirms that job. Nothing is sent before the confirmation.
 */
export function ReplayPanel({
  request,
  what,
  onStarted,
}: {
  /** What to replay, or how to work it out when the dry run is asked for. */
  request: ReplayRequest | (() => Promise<ReplayRequest>);
  /** "the 3 dead letters of this event": what the buttons act on. */
  what: string;
  onStarted?: (job: ReplayJob) => void;
}) {
  const [preview, setPreview] = useState<ReplayJob>();
  const [started, setStarted] = useState<ReplayJob>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const act = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await step();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  const dryRun = () =>
    act(async () => {
      setStarted(undefined);
      const body = typeof request === 'function' ? await request() : request;
      setPreview(await api.post<ReplayJob>('/replays', { ...body, dryRun: true }));
    });
  const confirm = (job: ReplayJob) =>
    act(async () => {
      const running = await api.post<ReplayJob>(`/replays/${encodeURIComponent(job.id)}/start`);
      setPreview(undefined);
      setStarted(running);
      onStarted?.(running);
    });

  return (
    <section className="replay-panel" aria-label={`Replay ${what}`}>
      <button type="button" onClick={() => void dryRun()} disabled={busy}>
        Dry run replay of {what}
      </button>
      <ErrorNotice error={error} />
      {preview && (
        <div className="preview" role="status">
          <p>
            Dry run: <strong>{preview.preview?.total ?? preview.total}</strong> record(s) would be
            sent again. Nothing has been sent yet.
          </p>
          {preview.preview && preview.preview.byReason.length > 0 && (
            <BarList title="Would replay, by reason" groups={preview.preview.byReason} empty="" />
          )}
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => void confirm(preview)}
              disabled={busy || (preview.preview?.total ?? preview.total) === 0}
            >
              Confirm replay of {preview.preview?.total ?? preview.total} record(s)
            </button>
            <button type="button" className="secondary" onClick={() => setPreview(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {started && (
        <p role="status">
          Replay job{' '}
          <Link href={`/replays?job=${encodeURIComponent(started.id)}`}>{started.id}</Link>{' '}
          <StatusBadge status={started.state} />
        </p>
      )}
    </section>
  );
}
