import { type Overview, type Reading } from '../api/types';
import { type Series } from '../components/time-chart';

/** Five minutes of readings at the overview's five-second poll. */
export const HISTORY_LENGTH = 60;

export interface Sample {
  at: number;
  overview: Overview;
}

export function appendSample(history: Sample[], overview: Overview): Sample[] {
  const at = Date.parse(overview.at) / 1_000;
  if (history.at(-1)?.at === at) return history;
  return [...history, { at, overview }].slice(-HISTORY_LENGTH);
}

const valueOf = (readings: Reading[], key: string) =>
  readings.find((reading) => reading.key === key)?.value;

function keysOf(history: Sample[], pick: (overview: Overview) => Reading[]): string[] {
  return [...new Set(history.flatMap((sample) => pick(sample.overview).map((r) => r.key)))].sort();
}

/** Gauges as they were read. */
export function gaugeSeries(history: Sample[], pick: (overview: Overview) => Reading[]): Series[] {
  return keysOf(history, pick).map((key) => ({
    label: key,
    values: history.map((sample) => valueOf(pick(sample.overview), key) ?? null),
  }));
}

/** Counters as per-second rates between successive samples (a restart's drop: no reading). */
export function rateSeries(history: Sample[], pick: (overview: Overview) => Reading[]): Series[] {
  return keysOf(history, pick).map((key) => ({
    label: key,
    values: history.map((sample, index) => {
      const previous = history[index - 1];
      if (!previous) return null;
      const now = valueOf(pick(sample.overview), key) ?? 0;
      const before = valueOf(pick(previous.overview), key) ?? 0;
      const seconds = sample.at - previous.at;
      return now < before || seconds <= 0 ? null : (now - before) / seconds;
    }),
  }));
}

/** "a 3.2/s, b 0/s": the latest values, for a chart's accessible name. */
export function describeLatest(series: Series[], unit: string): string {
  if (series.length === 0) return 'no data yet';
  return series
    .map((one) => {
      const last = one.values.findLast((value) => value !== null);
      return `${one.label} ${last === undefined || last === null ? 'no reading' : `${last.toFixed(2)}${unit}`}`;
    })
    .join(', ');
}
