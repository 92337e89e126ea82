import { type DestinationConfig } from '@hookline/config';
import { parseDuration, type DeliveryTask } from '@hookline/contracts';
import { PermanentError, TransientError } from '@hookline/kafka';
import { Webhook } from 'standardwebhooks';

export interface DeliveryContext {
  traceparent?: string;
  now?: Date;
}

/**
 * POSTs a delivery task's event to an HTTP destination, signed per Standard Webhooks
 * (`webhook-id` is the delivery id, stable across retries, so the receiver can dedup),
 * with `Idempotency-Key` (the event's) and `traceparent`. 2xx is success; 408, 429
 * (honouring `Retry-After`), 5xx and network errors are transient; other 4xx permanent.
 */
export async function deliverHttp(
  destination: DestinationConfig,
  task: DeliveryTask,
  context: DeliveryContext = {},
): Promise<number> {
  const body = JSON.stringify(task.payload === undefined ? task.event : task.payload);
  const now = context.now ?? new Date();
  const signature = new Webhook(destination.secret).sign(task.deliveryId, now, body);
  let response: Response;
  try {
    response = await fetch(destination.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': task.deliveryId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1_000)),
        'webhook-signature': signature,
        'idempotency-key': task.event.idempotencyKey,
        'user-agent': 'Hookline',
        ...(context.traceparent ? { traceparent: context.traceparent } : {}),
      },
      body,
      signal: AbortSignal.timeout(parseDuration(destination.timeout)),
      redirect: 'manual',
    });
    // The body is not needed; drain it so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `timed out after ${destination.timeout}`
        : String((error as Error)?.cause ?? error);
    throw new TransientError(`${destination.id}: ${reason}`);
  }
  const status = response.status;
  if (status >= 200 && status < 300) return status;
  if (status === 408 || status === 429 || status >= 500) {
    throw new TransientError(
      `${destination.id} answered ${status}`,
      retryAfter(response.headers.get('retry-after'), now),
    );
  }
  throw new PermanentError(`${destination.id} answered ${status}`);
}

/** `Retry-After` as seconds or an HTTP date, as epoch ms; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return now.getTime() + seconds * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : date;
}
