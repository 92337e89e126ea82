// Hostile traffic for ingest: forged, stale, malformed, oversized, mistyped and misaddressed
// webhooks, slow-loris uploads and idle connections. Each kind has the answer it must get.
import { createHmac } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

export type HostileKind =
  | 'bad-signature'
  | 'stale-timestamp'
  | 'malformed-json'
  | 'wrong-content-type'
  | 'unknown-source'
  | 'oversized'
  | 'slow-headers'
  | 'slow-body'
  | 'idle-connection';

/** The answer each kind must get (an idle connection too is answered 408, then closed). */
export const EXPECTED: Record<HostileKind, string> = {
  'bad-signature': '401',
  'stale-timestamp': '401',
  'malformed-json': '400',
  'wrong-content-type': '415',
  'unknown-source': '404',
  oversized: '413',
  'slow-headers': '408',
  'slow-body': '408',
  'idle-connection': '408',
};

/**
 * Ingest answers 413 as soon as the headers announce too large a body and closes the
 * connection, so a client still writing that body may see the connection reset instead
 * of the answer; the suite then counts the refusal in ingest's own metrics.
 */
const RESET_WHILE_SENDING = new Set(['error EPIPE', 'error ECONNRESET', 'error UND_ERR_SOCKET']);

/** Shares of a run of `total` (the slow and idle ones are a fixed few per thousand). */
export function hostileMix(total: number): Record<HostileKind, number> {
  const per1000 = (share: number) => Math.round((share * total) / 1_000);
  return {
    'bad-signature': per1000(300),
    'stale-timestamp': per1000(200),
    'malformed-json': per1000(150),
    'wrong-content-type': per1000(150),
    'unknown-source': per1000(150),
    oversized: per1000(10),
    'slow-headers': per1000(4),
    'slow-body': per1000(4),
    'idle-connection': per1000(32),
  };
}

const stripeSignature = (secret: string, body: string, t: number) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

/** Sends `mix` at ingest; returns, per kind, how many got each answer. */
export async function sendHostile(options: {
  ingestUrl: string;
  sourceId: string;
  secret: string;
  mix: Record<HostileKind, number>;
  concurrency: number;
}): Promise<Record<HostileKind, Record<string, number>>> {
  const answers = {} as Record<HostileKind, Record<string, number>>;
  const note = (kind: HostileKind, answer: string) => {
    answers[kind] ??= {};
    answers[kind][answer] = (answers[kind][answer] ?? 0) + 1;
  };
  const url = new URL(options.ingestUrl);
  const port = Number(url.port);
  // Slow and idle clients first, held open while the rest is sent.
  const held = [
    ...Array.from({ length: options.mix['idle-connection'] }, () =>
      idleConnection(port).then((answer) => note('idle-connection', answer)),
    ),
    ...Array.from({ length: options.mix['slow-headers'] }, () =>
      slowClient(port, options, 'headers').then((answer) => note('slow-headers', answer)),
    ),
    ...Array.from({ length: options.mix['slow-body'] }, () =>
      slowClient(port, options, 'body').then((answer) => note('slow-body', answer)),
    ),
  ];
  const queue: HostileKind[] = [];
  for (const kind of [
    'bad-signature',
    'stale-timestamp',
    'malformed-json',
    'wrong-content-type',
    'unknown-source',
    'oversized',
  ] as const)
    for (let index = 0; index < options.mix[kind]; index += 1) queue.push(kind);
  const pool = new Pool(options.ingestUrl, { connections: options.concurrency });
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < queue.length) {
        const kind = queue[next++] as HostileKind;
        note(kind, await sendOne(pool, kind, options, next));
      }
    }),
  );
  await pool.close();
  await Promise.all(held);
  return answers;
}

async function sendOne(
  pool: Pool,
  kind: HostileKind,
  options: { sourceId: string; secret: string },
  index: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1_000);
  const body = JSON.stringify({
    id: `evt_hostile_${index}`,
    type: 'invoice.paid',
    data: { object: { id: 'in_h' } },
  });
  let path = `/webhooks/${options.sourceId}`;
  let payload = body;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (kind) {
    case 'bad-signature':
      headers['stripe-signature'] = `t=${now},v1=${'0'.repeat(64)}`;
      break;
    case 'stale-timestamp':
      headers['stripe-signature'] = stripeSignature(options.secret, body, now - 3_600);
      break;
    case 'malformed-json':
      payload = `${body.slice(0, -3)}`;
      headers['stripe-signature'] = stripeSignature(options.secret, payload, now);
      break;
    case 'wrong-content-type':
      headers['content-type'] = 'text/plain';
      headers['stripe-signature'] = stripeSignature(options.secret, body, now);
      break;
    case 'unknown-source':
      path = `/webhooks/no-such-source-${index % 50}`;
      headers['stripe-signature'] = stripeSignature(options.secret, body, now);
      break;
    case 'oversized':
      payload = JSON.stringify({ id: `evt_big_${index}`, padding: 'x'.repeat(1_100_000) });
      headers['stripe-signature'] = stripeSignature(options.secret, payload, now);
      break;
    default:
      throw new Error(`${kind} is not sent as a request`);
  }
  try {
    const response = await pool.request({ path, method: 'POST', headers, body: payload });
    await response.body.dump();
    return String(response.statusCode);
  } catch (error) {
    return `error ${(error as { code?: string }).code ?? ''}`.trim();
  }
}

/** Reads what the server sends until it closes; the status of the first response line. */
function answerOf(socket: Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('still open');
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 'closed');
    });
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A connection that never sends a byte: ingest must close it. */
async function idleConnection(port: number): Promise<string> {
  const socket = await open(port);
  return answerOf(socket, 60_000);
}

/** Headers (or a body) sent a byte every 200 ms, never finished. */
async function slowClient(
  port: number,
  options: { sourceId: string; secret: string },
  part: 'headers' | 'body',
): Promise<string> {
  const socket = await open(port);
  const answer = answerOf(socket, 60_000);
  let closed = false;
  void answer.then(() => (closed = true));
  const head = `POST /webhooks/${options.sourceId} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n`;
  let trickle: string;
  if (part === 'headers') trickle = `${head}x-slow: ${'a'.repeat(5_000)}`;
  else {
    socket.write(
      `${head}stripe-signature: t=${Math.floor(Date.now() / 1_000)},v1=${'0'.repeat(64)}\r\n\r\n`,
    );
    trickle = `{"padding":"${'b'.repeat(5_000)}`;
  }
  for (const char of trickle) {
    if (closed) break;
    socket.write(char);
    await sleep(200);
  }
  return answer;
}

/** Every kind got only its expected answer: `{}` when so, else what each kind got instead. */
export function wrongAnswers(
  answers: Record<HostileKind, Record<string, number>>,
): Record<string, Record<string, number>> {
  const wrong: Record<string, Record<string, number>> = {};
  for (const [kind, byAnswer] of Object.entries(answers) as [
    HostileKind,
    Record<string, number>,
  ][]) {
    const others = Object.fromEntries(
      Object.entries(byAnswer).filter(
        ([answer]) =>
          answer !== EXPECTED[kind] && !(kind === 'oversized' && RESET_WHILE_SENDING.has(answer)),
      ),
    );
    if (Object.keys(others).length > 0) wrong[kind] = others;
  }
  return wrong;
}
