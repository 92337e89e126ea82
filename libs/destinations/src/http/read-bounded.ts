import { type Readable } from 'node:stream';

/**
 * Reads at most `maxBytes` of a response body. A body that fits is read to its end, so
 * the connection goes back to the pool; a longer one is cut off and its connection
 * closed rather than read on.
 */
export async function readBounded(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        break;
      }
    }
  } catch {
    // A body that breaks off mid-way still has its start.
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}
