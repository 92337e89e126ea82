import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  /** One value per time in `times` (null: no reading then). */
  values: (number | null)[];
}

const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626'];

/**
 * A live line chart (uPlot) of a few series over time; `summary` is its accessible name,
 * spoken instead of the canvas, and the legend below names each colour.
 */
export function TimeChart({
  title,
  summary,
  times,
  series,
  unit = '',
  height = 160,
}: {
  title: string;
  summary: string;
  times: number[];
  series: Series[];
  unit?: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((one) => one.label).join('\u0000');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max || 1] } },
      axes: [
        { stroke: '#475569', grid: { stroke: '#e2e8f0' } },
        {
          stroke: '#475569',
          grid: { stroke: '#e2e8f0' },
          size: 56,
          values: (_u, ticks) => ticks.map((tick) => `${formatNumber(tick)}${unit}`),
        },
      ],
      series: [
        {},
        ...series.map((one, index) => ({
          label: one.label,
          stroke: PALETTE[index % PALETTE.length],
          width: 2,
          spanGaps: false,
        })),
      ],
    };
    plot.current = new uPlot(options, [times, ...series.map((one) => one.values)], element);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(element.clientWidth, 200), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; new readings go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height, unit]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((one) => one.values)]);
  }, [times, series]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}: ${summary}`} />
      <ul className="legend" aria-hidden="true">
        {series.map((one, index) => (
          <li key={one.label}>
            <span className="swatch" style={{ background: PALETTE[index % PALETTE.length] }} />
            {one.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (Math.abs(value) >= 1_000) return `${(value / 1_000).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
