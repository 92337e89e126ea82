// What the benchmark runs: the configuration its stack loads and the scenarios it drives.
import { type ProofDestination, type ProofRoute } from '../harness/config.js';
import { type EventSpec } from '../harness/traffic.js';
import { type ScenarioPlan } from './scenarios.js';

export const MAIN_SOURCE = 'bench-stripe';
export const QUIET_SOURCES = Array.from({ length: 10 }, (_, index) => `quiet-${index}`);
const FAN_OUT = Array.from({ length: 10 }, (_, index) => `fan-${index}`);

export const BENCH_SOURCES: Record<string, string> = Object.fromEntries(
  [MAIN_SOURCE, 'busy', ...QUIET_SOURCES].map((id) => [id, `whsec_bench_${id}`]),
);

export const BENCH_DESTINATIONS: ProofDestination[] = [
  { id: 'fast', concurrency: 32 },
  ...FAN_OUT.map((id) => ({ id, concurrency: 16 })),
  { id: 'slow', concurrency: 16, timeout: '5s' },
  { id: 'side', concurrency: 16 },
  { id: 'busy-dest', concurrency: 32 },
  { id: 'quiet-dest', concurrency: 16 },
];

/** Every 10th main event pays too little for its route: filtered out by the router. */
export const BENCH_ROUTES: ProofRoute[] = [
  { id: 'main', destination: 'fast', customer: 'cus_main', minimumPaid: 1_000 },
  ...FAN_OUT.map((destination) => ({ id: `to-${destination}`, destination, customer: 'cus_fan' })),
  { id: 'to-slow', destination: 'slow', customer: 'cus_slow' },
  { id: 'to-side', destination: 'side', customer: 'cus_side' },
  { id: 'to-busy', destination: 'busy-dest', customer: 'cus_busy' },
  { id: 'to-quiet', destination: 'quiet-dest', customer: 'cus_quiet' },
];

/** How long the slow destination takes to answer (ms). */
export const SLOW_DELAY_MS = 300;

const event = (
  run: string,
  index: number,
  customer: string,
  destinations: string[],
  sourceId = MAIN_SOURCE,
  amountPaid = 5_000,
): EventSpec => ({ sourceId, id: `evt_${run}_${index}`, customer, amountPaid, destinations });

/** A main event: 10% of them filtered out. */
const mainEvent = (index: number, run: string): EventSpec =>
  index % 10 === 9
    ? event(run, index, 'cus_main', [], MAIN_SOURCE, 500)
    : event(run, index, 'cus_main', ['fast']);

export function scenarioPlans(seconds: number, quick: boolean): ScenarioPlan[] {
  const fixed = (rate: number): ScenarioPlan => ({
    name: `end to end at ${rate}/s`,
    rate,
    seconds,
    concurrency: 32,
    next: mainEvent,
  });
  return [
    fixed(200),
    fixed(1_000),
    ...(quick ? [] : [fixed(3_000)]),
    { name: 'saturation', rate: Infinity, seconds, concurrency: 64, next: mainEvent },
    {
      name: 'fan-out to 10 destinations',
      rate: 50,
      seconds,
      concurrency: 16,
      next: (index, run) => event(run, index, 'cus_fan', FAN_OUT),
    },
    {
      name: 'duplicates (30% re-sent)',
      rate: 200,
      seconds,
      concurrency: 32,
      // Of every 10 requests, 3 re-send an event sent a little earlier (same id, signed anew).
      next: (index, run) =>
        index >= 20 && index % 10 < 3 ? mainEvent(index - 17, run) : mainEvent(index, run),
    },
    {
      name: `slow destination (${SLOW_DELAY_MS} ms) beside a fast one`,
      rate: 100,
      seconds,
      concurrency: 32,
      next: (index, run) =>
        index % 5 === 0
          ? event(run, index, 'cus_slow', ['slow'])
          : event(run, index, 'cus_side', ['side']),
      watch: { label: 'slow destination', destinations: ['slow'] },
    },
    {
      name: 'one busy source beside 10 quiet ones',
      rate: 520,
      seconds,
      concurrency: 32,
      next: (index, run) =>
        index % 26 === 0
          ? event(run, index, 'cus_quiet', ['quiet-dest'], QUIET_SOURCES[(index / 26) % 10])
          : event(run, index, 'cus_busy', ['busy-dest'], 'busy'),
      watch: { label: 'quiet sources', destinations: ['quiet-dest'] },
    },
  ];
}
