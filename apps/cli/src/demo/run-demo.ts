import { type SourceConfig, type HooklineConfig } from '@hookline/config';
import { type OperatorApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-errors.js';
import { type EventDetail, type EventStatus } from '../api/api-types.js';
import { type CliIo } from '../cli-io.js';
import { explainOutcome, SETTLED, type DemoOutcome } from './demo-outcome.js';
import { signDemoWebhook } from './demo-signer.js';

export interface DemoOptions {
  ingestUrl: string;
  /** The public base URL ingest believes it has (HubSpot signs it). */
  publicBaseUrl: string | undefined;
  timeoutMs: number;
  pollMs: number;
}

interface Sent {
  tenantId: string;
  source: SourceConfig;
  status: number;
  rawEventId: string | null;
  duplicate: boolean;
  reason: string;
  sentAt: number;
}

/**
 * Sends one signed sample webhook per source of the configuration to ingest, then
 * polls the operator API until each has settled (or the timeout passes).
 */
export async function runDemo(
  config: HooklineConfig,
  client: OperatorApiClient,
  io: CliIo,
  options: DemoOptions,
): Promise<DemoOutcome[]> {
  const sent: Sent[] = [];
  for (const tenant of config.tenants) {
    for (const source of tenant.sources) sent.push(await send(tenant.id, source, options));
  }
  const deadline = Date.now() + options.timeoutMs;
  const outcomes = new Map<Sent, DemoOutcome>();
  for (const webhook of sent) {
    if (webhook.rawEventId === null || webhook.duplicate)
      outcomes.set(webhook, settledAtIngest(webhook));
  }
  while (outcomes.size < sent.length && Date.now() < deadline) {
    for (const webhook of sent.filter((candidate) => !outcomes.has(candidate))) {
      const status = await statusOf(client, webhook);
      if (status && SETTLED.includes(status)) {
        const detail = await client.event(webhook.rawEventId as string);
        outcomes.set(webhook, outcomeOf(webhook, status, detail));
      }
    }
    if (outcomes.size < sent.length) await io.sleep(options.pollMs);
  }
  return Promise.all(
    sent.map(async (webhook) => outcomes.get(webhook) ?? (await unsettled(client, webhook))),
  );
}

async function send(tenantId: string, source: SourceConfig, options: DemoOptions): Promise<Sent> {
  const settings = (source.settings ?? {}) as { publicBaseUrl?: string };
  const request = await signDemoWebhook({
    provider: source.provider,
    sourceId: source.id,
    secret: source.secrets[0] ?? '',
    publicBaseUrl: options.publicBaseUrl ?? settings.publicBaseUrl ?? options.ingestUrl,
  });
  const sentAt = Date.now();
  const url = `${options.ingestUrl.replace(/\/+$/, '')}/webhooks/${encodeURIComponent(source.id)}`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(15_000),
    });
    const answer = await response.text();
    return {
      tenantId,
      source,
      status: response.status,
      rawEventId: response.ok ? response.headers.get('hookline-raw-event-id') : null,
      duplicate: response.headers.get('hookline-duplicate') === 'true',
      reason: response.ok ? '' : `ingest answered ${response.status}: ${answer.slice(0, 200)}`,
      sentAt,
    };
  } catch (error) {
    const cause = (error as Error).cause as { code?: string } | undefined;
    const reason = `cannot reach ingest at ${options.ingestUrl}: ${cause?.code ?? (error as Error).message}`;
    return { tenantId, source, status: 0, rawEventId: null, duplicate: false, reason, sentAt };
  }
}

/** The event's latest state as the API's event list reports it (none while not listed yet). */
async function statusOf(
  client: OperatorApiClient,
  webhook: Sent,
): Promise<EventStatus | undefined> {
  const page = await client.listEvents({
    tenant: webhook.tenantId,
    source: webhook.source.id,
    from: new Date(webhook.sentAt - 60_000).toISOString(),
    limit: 200,
  });
  return page.items.find((item) => item.rawEventId === webhook.rawEventId)?.status;
}

function base(webhook: Sent): Omit<DemoOutcome, 'outcome' | 'why' | 'types'> {
  return {
    tenantId: webhook.tenantId,
    sourceId: webhook.source.id,
    provider: webhook.source.provider,
    ingestStatus: webhook.status,
    rawEventId: webhook.rawEventId,
  };
}

function settledAtIngest(webhook: Sent): DemoOutcome {
  return webhook.duplicate
    ? {
        ...base(webhook),
        types: [],
        outcome: 'duplicate',
        why: `duplicate of ${webhook.rawEventId}`,
      }
    : { ...base(webhook), types: [], outcome: 'rejected', why: webhook.reason };
}

function outcomeOf(
  webhook: Sent,
  status: EventStatus,
  detail: EventDetail | undefined,
): DemoOutcome {
  return {
    ...base(webhook),
    types: detail?.events.map((event) => event.type) ?? [],
    outcome: status,
    why: explainOutcome(status, detail),
  };
}

async function unsettled(client: OperatorApiClient, webhook: Sent): Promise<DemoOutcome> {
  const status = await statusOf(client, webhook).catch(() => undefined);
  const detail = await client.event(webhook.rawEventId as string).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  });
  return {
    ...base(webhook),
    types: detail?.events.map((event) => event.type) ?? [],
    outcome: 'pending',
    why: `not settled in time: last seen ${status ?? 'not yet listed'}`,
  };
}
