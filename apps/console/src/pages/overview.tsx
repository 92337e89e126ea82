import { useState } from 'react';
import { api } from '../api/client';
import { type Overview as OverviewData, type Reading } from '../api/types';
import { BarList } from '../components/bar-list';
import { ErrorNotice, Loading } from '../components/notice';
import { TimeChart } from '../components/time-chart';
import { useApi } from '../components/use-api';
import {
  appendSample,
  describeLatest,
  gaugeSeries,
  rateSeries,
  type Sample,
} from './overview-history';

const POLL_MS = 5_000;

/** The pipeline live: rates from the services' counters, gauges as read, every five seconds. */
export function Overview() {
  const [history, setHistory] = useState<Sample[]>([]);
  const { error } = useApi(
    async () => {
      const overview = await api.get<OverviewData>('/overview');
      setHistory((previous) => appendSample(previous, overview));
      return overview;
    },
    [],
    POLL_MS,
  );

  const latest = history.at(-1)?.overview;
  if (!latest) return error ? <ErrorNotice error={error} /> : <Loading what="the overview" />;
  const times = history.map((sample) => sample.at);
  const chart = (
    title: string,
    series: ReturnType<typeof rateSeries>,
    unit: string,
    axisUnit = '',
  ) => (
    <TimeChart
      title={title}
      summary={describeLatest(series, unit)}
      times={times}
      series={series}
      unit={axisUnit}
    />
  );
  const perDestination =
    (pick: (d: OverviewData['deliveries'][number]) => number | null) =>
    (overview: OverviewData): Reading[] =>
      overview.deliveries.flatMap((d) => {
        const value = pick(d);
        return value === null ? [] : [{ key: d.destination, value }];
      });

  return (
    <>
      <h1>Overview</h1>
      <ErrorNotice error={error} />
      {latest.scrapeErrors.length > 0 && (
        <p className="warn-line" role="status">
          Not read this time: {latest.scrapeErrors.join('; ')}
        </p>
      )}
      <section aria-labelledby="now" className="tiles">
        <h2 id="now" className="visually-hidden">
          Right now
        </h2>
        <Tile
          label="Dead letters"
          value={latest.deadLetters.total}
          note={`${latest.deadLetters.lastHour} in the last hour`}
          tone={latest.deadLetters.lastHour > 0 ? 'bad' : 'good'}
        />
        <Tile
          label="Open breakers"
          value={latest.openBreakers.length}
          note={latest.openBreakers.join(', ') || 'none'}
          tone={latest.openBreakers.length ? 'bad' : 'good'}
        />
        <Tile
          label="Disabled destinations"
          value={latest.disabledDestinations.length}
          note={latest.disabledDestinations.join(', ') || 'none'}
          tone={latest.disabledDestinations.length ? 'bad' : 'good'}
        />
      </section>
      <section aria-label="Charts" className="grid">
        {chart(
          'Throughput per stage (records/s)',
          rateSeries(history, (o) => o.handledByStage),
          '/s',
        )}
        {chart(
          'Consumer lag per topic (records)',
          gaugeSeries(history, (o) => o.lagByTopic),
          ' records',
        )}
        {chart(
          'Retries per tier (records/s)',
          rateSeries(history, (o) => o.retriedByTier),
          '/s',
        )}
        {chart(
          'Dead-letter depth',
          gaugeSeries(history, (o) => [
            { key: 'total', value: o.deadLetters.total },
            { key: 'last hour', value: o.deadLetters.lastHour },
          ]),
          '',
        )}
        {chart(
          'Delivery success rate per destination (last 15 min, %)',
          gaugeSeries(
            history,
            perDestination((d) => (d.successRate === null ? null : d.successRate * 100)),
          ),
          '%',
          '%',
        )}
        {chart(
          'Delivery latency p95 per destination (ms)',
          gaugeSeries(
            history,
            perDestination((d) => d.p95Ms),
          ),
          ' ms',
        )}
        <BarList
          title="Dead letters by reason"
          groups={latest.deadLetters.byReason}
          empty="No dead letters."
        />
      </section>
    </>
  );
}

function Tile({
  label,
  value,
  note,
  tone,
}: {
  label: string;
  value: number;
  note: string;
  tone: 'good' | 'bad';
}) {
  return (
    <div className={`tile ${tone}`}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
      <span className="tile-note">{note}</span>
    </div>
  );
}
