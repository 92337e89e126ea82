// The limit ingest is measured against: a bare Fastify route doing the same Stripe HMAC
// check (timestamped signature, constant-time compare) and nothing else. Run as its own
// process by the benchmark: `node bare-route.js <port> <secret>`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';

const [port, secret] = process.argv.slice(2);
const app = Fastify({ bodyLimit: 1_048_576 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
);
app.post('/webhooks/:sourceId', async (request, reply) => {
  const header = String(request.headers['stripe-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const timestamp = Number(parts['t']);
  const given = Buffer.from(String(parts['v1'] ?? ''), 'hex');
  const body = request.body as Buffer;
  const expected = createHmac('sha256', secret ?? '')
    .update(`${timestamp}.`)
    .update(body)
    .digest();
  const fresh = Math.abs(Date.now() / 1_000 - timestamp) <= 300;
  if (!fresh || given.length !== expected.length || !timingSafeEqual(given, expected))
    return reply.code(401).send({ error: 'bad signature' });
  JSON.parse(body.toString('utf8'));
  return reply.code(200).send({ received: true });
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write(`listening on ${port}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
