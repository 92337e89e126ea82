import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { signWebhook } from '@hookline/testing';

/** One Stripe `invoice.paid` the driver sends, and where it must end up. */
export interface EventSpec {
  sourceId: string;
  id: string;
  customer: string;
  amountPaid: number;
  /** The destinations its routes deliver it to (empty: the routes filter it out). */
  destinations: string[];
}

export interface SentEvent extends EventSpec {
  key: string;
  firstSentAt: number;
  /** Set once ingest answered 200 (for this or any re-send of the same event). */
  ackedAt?: number;
  ackMs?: number;
}

export const idempotencyKeyOf = (eventId: string) => `stripe:invoice.paid:${eventId}`;

/**
 * Sends genuinely signed Stripe webhooks to ingest over a fixed pool of keep-alive
 * connections and remembers what was acknowledged. Like a provider, it may re-send a
 * webhook that was not acknowledged (the same event id, freshly signed).
 */
export class Traffic {
  readonly events = new Map<string, SentEvent>();
  readonly statuses = new Map<string, number>();
  readonly ackLatencies: number[] = [];
  private readonly pool: Pool;
  private closed = false;

  constructor(
    ingestUrl: string,
    private readonly secrets: Record<string, string>,
    connections = 32,
  ) {
    this.pool = new Pool(ingestUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  get acked(): SentEvent[] {
    return [...this.events.values()].filter((event) => event.ackedAt !== undefined);
  }

  count(status: string): number {
    return this.statuses.get(status) ?? 0;
  }

  /** One attempt; returns the status (`200`, `503`, `error`…). */
  async send(spec: EventSpec): Promise<string> {
    const known = this.events.get(spec.id);
    const event: SentEvent = known ?? {
      ...spec,
      key: idempotencyKeyOf(spec.id),
      firstSentAt: Date.now(),
    };
    this.events.set(spec.id, event);
    const signed = await signWebhook('stripe', {
      secret: this.secret(spec.sourceId),
      sourceId: spec.sourceId,
      payload: {
        id: spec.id,
        type: 'invoice.paid',
        data: {
          object: {
            id: `in_${spec.id}`,
            object: 'invoice',
            customer: spec.customer,
            amount_due: spec.amountPaid,
            amount_paid: spec.amountPaid,
            currency: 'usd',
            status: 'paid',
          },
        },
      },
    });
    const started = performance.now();
    let status: string;
    try {
      const response = await this.pool.request({
        path: `/webhooks/${spec.sourceId}`,
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      await response.body.dump();
      status = String(response.statusCode);
    } catch {
      status = 'error';
    }
    const elapsed = performance.now() - started;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === '200') {
      this.ackLatencies.push(elapsed);
      if (event.ackedAt === undefined) {
        event.ackedAt = Date.now();
        event.ackMs = elapsed;
      }
    }
    return status;
  }

  /** Sends until acknowledged, up to `attempts` times, backing off as providers do. */
  async sendUntilAcked(spec: EventSpec, attempts = 8): Promise<string> {
    let status = 'none';
    for (let attempt = 1; attempt <= attempts && !this.closed; attempt += 1) {
      status = await this.send(spec);
      if (status === '200' || (status.startsWith('4') && status !== '429')) return status;
      await sleep(Math.min(5_000, 250 * 2 ** attempt));
    }
    return status;
  }

  /**
   * Offers `rate` webhooks/s (`Infinity`: as fast as `concurrency` connections allow)
   * until `until()` is true; `next(i)` names the i-th. Resolves when all answered.
   */
  async offer(options: {
    rate: number;
    concurrency: number;
    until: () => boolean;
    next: (index: number) => EventSpec;
    retry?: boolean;
  }): Promise<number> {
    const started = performance.now();
    let index = 0;
    const worker = async () => {
      while (!options.until() && !this.closed) {
        const i = index++;
        if (Number.isFinite(options.rate)) {
          const due = started + (i * 1_000) / options.rate;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          if (options.until()) return;
        }
        const spec = options.next(i);
        await (options.retry ? this.sendUntilAcked(spec) : this.send(spec));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return index;
  }

  close(): Promise<void> {
    this.closed = true;
    return this.pool.close();
  }

  private secret(sourceId: string): string {
    const secret = this.secrets[sourceId];
    if (!secret) throw new Error(`no secret for source ${sourceId}`);
    return secret;
  }
}
