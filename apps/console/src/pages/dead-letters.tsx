import { type FormEvent, useState } from 'react';
import { api, filterQuery } from '../api/client';
import { type DeadLetter, type DeadLetterFilter, type Group, type Page } from '../api/types';
import { BarList } from '../components/bar-list';
import { ErrorNotice, Loading, formatTime } from '../components/notice';
import { ReplayPanel } from '../components/replay-panel';
import { useApi } from '../components/use-api';
import { useSession } from '../session-context';
import { OffsetRangeReplay } from './offset-range-replay';

type GroupBy = 'reason' | 'stage' | 'destination';
const GROUP_FIELD: Record<GroupBy, keyof DeadLetterFilter> = {
  reason: 'errorClass',
  stage: 'stage',
  destination: 'destination',
};
const FILTERS: { name: keyof DeadLetterFilter; label: string }[] = [
  { name: 'errorClass', label: 'Reason (error class)' },
  { name: 'stage', label: 'Stage' },
  { name: 'destination', label: 'Destination' },
  { name: 'topic', label: 'Dead-letter topic' },
];

const describe = (filter: DeadLetterFilter) => {
  const parts = Object.entries(filter).filter(([name, value]) => value && name !== 'ids');
  return parts.length ? parts.map(([name, value]) => `${name} ${String(value)}`).join(', ') : 'all';
};

/** Dead letters grouped, filtered and replayed (dry run first), by filter, selection or offsets. */
export function DeadLetters() {
  const { can } = useSession();
  const [groupBy, setGroupBy] = useState<GroupBy>('reason');
  const [filter, setFilter] = useState<DeadLetterFilter>({});
  const [draft, setDraft] = useState<DeadLetterFilter>({});
  const [selected, setSelected] = useState<string[]>([]);
  const key = JSON.stringify(filter);
  const summary = useApi(
    () =>
      api.get<{ groups: Group[] }>('/dead-letters/summary', {
        by: groupBy,
        ...filterQuery(filter),
      }),
    [groupBy, key],
    10_000,
  );
  const list = useApi(
    () => api.get<Page<DeadLetter>>('/dead-letters', { ...filterQuery(filter), limit: 100 }),
    [key],
    10_000,
  );

  const apply = (next: DeadLetterFilter) => {
    setFilter(next);
    setDraft(next);
    setSelected([]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(Object.fromEntries(Object.entries(draft).filter(([, value]) => value)));
  };
  const toggle = (id: string) =>
    setSelected((ids) => (ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id]));

  return (
    <>
      <h1>Dead letters</h1>
      <div className="row">
        <div className="field inline">
          <label htmlFor="group-by">Group by</label>
          <select
            id="group-by"
            value={groupBy}
            onChange={(event) => setGroupBy(event.target.value as GroupBy)}
          >
            <option value="reason">reason</option>
            <option value="stage">stage</option>
            <option value="destination">destination</option>
          </select>
        </div>
      </div>
      <ErrorNotice error={summary.error} />
      <BarList
        title={`Dead letters by ${groupBy} (${describe(filter)})`}
        groups={summary.data?.groups ?? []}
        empty="No dead letters."
        onSelect={(value) => apply({ ...filter, [GROUP_FIELD[groupBy]]: value })}
        selectLabel={(value) => `Show dead letters with ${groupBy} ${value || '(none)'}`}
      />

      <form className="filters" role="search" aria-label="Filter dead letters" onSubmit={submit}>
        {FILTERS.map(({ name, label }) => (
          <div className="field" key={name}>
            <label htmlFor={`dl-${name}`}>{label}</label>
            <input
              id={`dl-${name}`}
              value={(draft[name] as string | undefined) ?? ''}
              onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
            />
          </div>
        ))}
        <button type="submit">Filter</button>
        <button type="button" className="secondary" onClick={() => apply({})}>
          Clear
        </button>
      </form>

      {can('operator') && (
        <div className="replays">
          <ReplayPanel
            key={`filter-${key}`}
            request={{ kind: 'dead-letters', filter }}
            what={`dead letters matching: ${describe(filter)}`}
            onStarted={list.reload}
          />
          {selected.length > 0 && (
            <ReplayPanel
              key={`ids-${selected.join(',')}`}
              request={{ kind: 'dead-letters', filter: { ids: selected } }}
              what={`${selected.length} selected dead letter(s)`}
              onStarted={list.reload}
            />
          )}
          <OffsetRangeReplay />
        </div>
      )}

      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? (
        <Loading what="dead letters" />
      ) : list.data && list.data.items.length > 0 ? (
        <table>
          <caption className="visually-hidden">Dead letters, newest first</caption>
          <thead>
            <tr>
              {can('operator') && <th scope="col">Select</th>}
              <th scope="col">Failed</th>
              <th scope="col">Stage</th>
              <th scope="col">Reason</th>
              <th scope="col">Destination</th>
              <th scope="col">Message</th>
              <th scope="col">Original record</th>
              <th scope="col">Replayed</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((letter) => (
              <tr key={letter.id}>
                {can('operator') && (
                  <td>
                    <input
                      type="checkbox"
                      checked={selected.includes(letter.id)}
                      onChange={() => toggle(letter.id)}
                      aria-label={`Select dead letter ${letter.id}`}
                    />
                  </td>
                )}
                <td>{formatTime(letter.lastFailedAt ?? letter.recordedAt)}</td>
                <td>{letter.stage}</td>
                <td>{letter.errorClass}</td>
                <td>{letter.destinationId ?? '—'}</td>
                <td className="truncate" title={letter.errorMessage}>
                  {letter.errorMessage}
                </td>
                <td className="mono">
                  {letter.originalTopic}/{letter.originalPartition}@{letter.originalOffset}
                </td>
                <td>{formatTime(letter.replayedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No dead letter matches.</p>
      )}
    </>
  );
}
