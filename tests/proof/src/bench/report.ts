// The benchmark's tables (Markdown, printed and saved), its JSON and an SVG chart.
import { cpus } from 'node:os';
import { type ServiceName } from '@hookline/contracts';
import { type HttpLimit, type KafkaLimits } from './limits.js';
import { type ScenarioResult } from './scenarios.js';

export interface BenchReport {
  machine: Record<string, string>;
  scenarios: ScenarioResult[];
  limits: { kafka: KafkaLimits; bareRoute: HttpLimit; batchedInsertRowsPerSec: number };
  peakRssMb: Record<ServiceName, number>;
}

const f = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : '–';
const ratio = (value: number, limit: number) =>
  limit > 0 && Number.isFinite(value) ? `${(value / limit).toFixed(2)}×` : '–';

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function markdown(report: BenchReport): string {
  const { kafka, bareRoute, batchedInsertRowsPerSec } = report.limits;
  const scenarios = table(
    [
      'scenario',
      'offered/s',
      'accepted/s',
      'ack p50 / p99 / p99.9 ms',
      'delivered/s',
      'request→delivery p50 / p99 ms',
      'accepted ÷ bare route',
      'delivered ÷ Kafka producer',
      'p50 ÷ Kafka e2e p50',
      'CPU s / 1,000',
    ],
    report.scenarios.map((s) => [
      s.name,
      Number.isFinite(s.offeredPerSec) ? f(s.offeredPerSec) : 'max',
      f(s.acceptedPerSec),
      `${f(s.ackP50Ms, 1)} / ${f(s.ackP99Ms, 1)} / ${f(s.ackP999Ms, 1)}`,
      f(s.deliveredPerSec),
      `${f(s.e2eP50Ms)} / ${f(s.e2eP99Ms)}${s.watched ? ` (${s.watched.label}: ${f(s.watched.e2eP50Ms)} / ${f(s.watched.e2eP99Ms)})` : ''}`,
      ratio(s.acceptedPerSec, bareRoute.acceptedPerSec),
      ratio(s.deliveredPerSec, kafka.producerRecordsPerSec),
      ratio(s.e2eP50Ms, kafka.endToEndP50Ms),
      f(s.cpuSecondsPer1000.total, 2),
    ]),
  );
  const loss = table(
    [
      'scenario',
      'sent',
      'acknowledged',
      'delivered',
      'filtered',
      'dead-lettered',
      'missing',
      'duplicate effects',
      'HTTP answers',
    ],
    report.scenarios.map((s) => [
      s.name,
      f(s.tally.sent),
      f(s.tally.acknowledged),
      f(s.tally.delivered),
      f(s.tally.filtered),
      f(s.tally.deadLettered),
      f(s.tally.missing),
      f(s.tally.duplicateEffects),
      Object.entries(s.statuses)
        .map(([status, count]) => `${status}: ${count}`)
        .join(', '),
    ]),
  );
  const saturation = report.scenarios.find((s) => s.name === 'saturation');
  const limits = table(
    ['limit (same run, same machine)', 'figure', 'Hookline (saturation)', 'ratio'],
    [
      [
        'bare Fastify route, same HMAC check: accepted/s',
        f(bareRoute.acceptedPerSec),
        f(saturation?.acceptedPerSec ?? NaN),
        ratio(saturation?.acceptedPerSec ?? NaN, bareRoute.acceptedPerSec),
      ],
      [
        'bare Fastify route: p50 / p99 / p99.9 ms',
        `${f(bareRoute.p50Ms, 1)} / ${f(bareRoute.p99Ms, 1)} / ${f(bareRoute.p999Ms, 1)}`,
        `${f(saturation?.ackP50Ms ?? NaN, 1)} / ${f(saturation?.ackP99Ms ?? NaN, 1)} / ${f(saturation?.ackP999Ms ?? NaN, 1)}`,
        ratio(saturation?.ackP50Ms ?? NaN, bareRoute.p50Ms),
      ],
      [
        'batched INSERT (unnest, 100 rows) rows/s',
        f(batchedInsertRowsPerSec),
        f(saturation?.acceptedPerSec ?? NaN),
        ratio(saturation?.acceptedPerSec ?? NaN, batchedInsertRowsPerSec),
      ],
      [
        `Kafka ProducerPerformance (${kafka.producerSettings}) records/s`,
        f(kafka.producerRecordsPerSec),
        f(saturation?.deliveredPerSec ?? NaN),
        ratio(saturation?.deliveredPerSec ?? NaN, kafka.producerRecordsPerSec),
      ],
      [
        'Kafka EndToEndLatency p50 / p99 ms',
        `${f(kafka.endToEndP50Ms, 1)} / ${f(kafka.endToEndP99Ms, 1)}`,
        `${f(saturation?.e2eP50Ms ?? NaN)} / ${f(saturation?.e2eP99Ms ?? NaN)}`,
        ratio(saturation?.e2eP50Ms ?? NaN, kafka.endToEndP50Ms),
      ],
    ],
  );
  const services = Object.keys(report.peakRssMb) as ServiceName[];
  const resources = table(
    ['service', ...report.scenarios.map((s) => `CPU s / 1,000: ${s.name}`), 'peak RSS MiB'],
    services.map((service) => [
      service,
      ...report.scenarios.map((s) => f(s.cpuSecondsPer1000[service], 2)),
      f(report.peakRssMb[service]),
    ]),
  );
  const cores = cpus().length;
  const others = table(
    ['CPU s / 1,000 webhooks', ...report.scenarios.map((s) => s.name)],
    [
      ['the five services', ...report.scenarios.map((s) => f(s.cpuSecondsPer1000.total, 2))],
      ['Kafka broker', ...report.scenarios.map((s) => f(s.otherCpuSecondsPer1000.kafka, 2))],
      [
        'PostgreSQL server',
        ...report.scenarios.map((s) => f(s.otherCpuSecondsPer1000.postgres, 2)),
      ],
      [
        'benchmark driver and sink',
        ...report.scenarios.map((s) => f(s.otherCpuSecondsPer1000.driver, 2)),
      ],
      [
        'whole machine (all cores busy)',
        ...report.scenarios.map((s) => f(s.otherCpuSecondsPer1000.machine, 2)),
      ],
      [`limit: ${cores} cores at 1,000 webhooks/s`, ...report.scenarios.map(() => f(cores, 2))],
      [
        'PostgreSQL commits per webhook',
        ...report.scenarios.map((s) => f(s.databasePerWebhook.commits, 1)),
      ],
      [
        'PostgreSQL rows written per webhook',
        ...report.scenarios.map((s) => f(s.databasePerWebhook.rowsWritten, 1)),
      ],
      [
        'webhooks/s the machine could carry at this cost',
        ...report.scenarios.map((s) => f((1_000 * cores) / s.otherCpuSecondsPer1000.machine)),
      ],
    ],
  );
  const machine = Object.entries(report.machine)
    .map(([key, value]) => `- ${key}: ${value}`)
    .join('\n');
  return `${machine}\n\n${scenarios}\n\n${loss}\n\n${limits}\n\n${resources}\n\n${others}\n`;
}

/** Bars of accepted/s and delivered/s per scenario, with the limits as lines. */
export function svgChart(report: BenchReport): string {
  const width = 900;
  const rowHeight = 34;
  const left = 300;
  const top = 40;
  const max = Math.max(
    report.limits.bareRoute.acceptedPerSec,
    ...report.scenarios.flatMap((s) =>
      [s.acceptedPerSec, s.deliveredPerSec].filter(Number.isFinite),
    ),
  );
  const x = (value: number) =>
    left + ((width - left - 40) * (Number.isFinite(value) ? value : 0)) / max;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const bars = report.scenarios.map((s, index) => {
    const y = top + index * rowHeight;
    return [
      `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${escape(s.name)}</text>`,
      `<rect x="${left}" y="${y + 2}" width="${x(s.acceptedPerSec) - left}" height="12" fill="#4c78a8"/>`,
      `<rect x="${left}" y="${y + 16}" width="${x(s.deliveredPerSec) - left}" height="12" fill="#f58518"/>`,
    ].join('');
  });
  const height = top + report.scenarios.length * rowHeight + 40;
  const bare = x(report.limits.bareRoute.acceptedPerSec);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<text x="10" y="20" font-size="14">Hookline benchmark: accepted/s (blue), delivered/s (orange); dashed: bare Fastify route ${Math.round(report.limits.bareRoute.acceptedPerSec)}/s</text>
${bars.join('\n')}
<line x1="${bare}" y1="${top}" x2="${bare}" y2="${height - 30}" stroke="#888" stroke-dasharray="4 3"/>
<text x="${left}" y="${height - 10}">0</text><text x="${width - 40}" y="${height - 10}" text-anchor="end">${Math.round(max)}/s</text>
</svg>
`;
}
