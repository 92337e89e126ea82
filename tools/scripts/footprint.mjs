#!/usr/bin/env node
// Measures what each service of a running `npm start` costs: resident memory at rest and
// after a burst, and CPU seconds spent on a burst of signed Stripe webhooks (the example
// configuration's `acme-stripe` source). Linux only: it reads /proc and `ss`.
//
//   HOOKLINE_PORT_BASE=8080 node tools/scripts/footprint.mjs [requests] [concurrency] [per-second]
//
// The example source accepts 50 webhooks/s (burst 100); pace below that, or the surplus is
// answered 429 and not counted.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const SERVICES = ['ingest', 'normalizer', 'router', 'executor', 'replay'];
const base = Number(process.env.HOOKLINE_PORT_BASE ?? 8080);
const host = process.env.HOOKLINE_HOST ?? '127.0.0.1';
const requests = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 20);
const perSecond = Number(process.argv[4] ?? 45);
const secret = 'whsec_demo_only_stripe_secret';
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function pidListeningOn(port) {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`]).toString();
  const match = /pid=(\d+)/.exec(out);
  if (!match) throw new Error(`nothing listens on ${host}:${port}: is npm start running?`);
  return Number(match[1]);
}

function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  // Fields 14 and 15 of /proc/<pid>/stat (after the command name) are user and system ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: rssKb / 1024, cpuSeconds: ticks / ticksPerSecond };
}

function signedInvoice(i) {
  const body = JSON.stringify({
    id: `evt_footprint_${Date.now()}_${i}`,
    type: 'invoice.paid',
    data: { object: { id: `in_${i % 500}`, amount_paid: 250000 } },
  });
  const t = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return {
    body,
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${signature}` },
  };
}

async function waitForDrain(pids, quietMs = 3000, limitMs = 120_000) {
  // Idle means no service burned CPU for `quietMs`: the pipeline has delivered the burst.
  const started = Date.now();
  let last = pids.map((pid) => sample(pid).cpuSeconds);
  let quietSince = Date.now();
  while (Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = pids.map((pid) => sample(pid).cpuSeconds);
    const busy = now.some((value, i) => value - last[i] > 0.02);
    last = now;
    if (busy) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return Date.now() - started - quietMs;
  }
  throw new Error('the pipeline did not go idle within two minutes');
}

const pids = SERVICES.map((_, i) => pidListeningOn(base + i));
const before = pids.map(sample);
const url = `http://${host}:${base}/webhooks/acme-stripe`;
let next = 0;
let accepted = 0;
const burstStarted = Date.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++;
      const due = burstStarted + (i * 1000) / perSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const { body, headers } = signedInvoice(i);
      const response = await fetch(url, { method: 'POST', headers, body });
      await response.arrayBuffer();
      if (response.status === 200) accepted += 1;
    }
  }),
);
const ackSeconds = (Date.now() - burstStarted) / 1000;
const drainMs = await waitForDrain(pids);
const after = pids.map(sample);

process.stdout.write(
  `${accepted}/${requests} webhooks accepted in ${ackSeconds.toFixed(1)}s (${(accepted / ackSeconds).toFixed(0)}/s, paced at ${perSecond}/s, concurrency ${concurrency}); pipeline idle ${(drainMs / 1000).toFixed(1)}s after the last ack\n`,
);
process.stdout.write('service     rss-before  rss-after  cpu-s  cpu-ms/webhook\n');
SERVICES.forEach((service, i) => {
  const cpu = after[i].cpuSeconds - before[i].cpuSeconds;
  process.stdout.write(
    `${service.padEnd(11)} ${before[i].rssMb.toFixed(0).padStart(7)} MB ${after[i].rssMb.toFixed(0).padStart(7)} MB ${cpu.toFixed(2).padStart(6)} ${((cpu * 1000) / Math.max(accepted, 1)).toFixed(2).padStart(8)}\n`,
  );
});
