import { type NestFastifyApplication } from '@nestjs/platform-fastify';

/** What the body parser hands the controller: the bytes, or why it did not read them. */
export type ReceivedBody =
  | { kind: 'read'; bytes: Buffer }
  | { kind: 'too-large'; limit: number }
  /** Unknown source: the body is not read at all. */
  | { kind: 'skipped' }
  /** The client went away, or was cut off, before the body ended: nobody to answer. */
  | { kind: 'aborted' };

/**
 * Replaces Fastify's parsers with one that keeps the body byte-exact (signatures are
 * over the raw bytes) and reads no further than the source's limit: a declared
 * Content-Length over the limit is refused without reading, and a body that grows past
 * it stops being read at that point.
 */
export function installRawBodyParser(
  app: NestFastifyApplication,
  limitFor: (sourceId: string | undefined) => number | undefined,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, payload, done) => {
    const sourceId = (request.params as { sourceId?: string } | undefined)?.sourceId;
    const limit = limitFor(sourceId);
    if (limit === undefined) {
      payload.resume(); // discard without buffering
      return done(null, { kind: 'skipped' } satisfies ReceivedBody);
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      return done(null, { kind: 'too-large', limit } satisfies ReceivedBody);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    payload.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        payload.pause();
        return done(null, { kind: 'too-large', limit } satisfies ReceivedBody);
      }
      chunks.push(chunk);
    });
    payload.once('end', () => {
      if (settled) return;
      settled = true;
      done(null, { kind: 'read', bytes: Buffer.concat(chunks, size) } satisfies ReceivedBody);
    });
    // The only errors a request stream has are the client going away (counted by the
    // body deadline's hook); handed to Fastify they became an error with a stack trace.
    payload.once('error', () => {
      if (settled) return;
      settled = true;
      done(null, { kind: 'aborted' } satisfies ReceivedBody);
    });
  });
}
