import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { findSource } from '@hookline/config';
import { Headers, parseDuration } from '@hookline/contracts';
import { annotateActiveSpan, currentTraceHeaders } from '@hookline/observability';
import { type RawWebhook, RawWebhookStore } from '@hookline/persistence';
import {
  getProvider,
  ProviderConfigurationError,
  type ProviderName,
  type VerificationFailure,
} from '@hookline/providers';
import {
  HooklineConfigService,
  SERVICE_CONFIG,
  type ServiceConfig,
  TimelineWriter,
} from '@hookline/runtime';
import { acceptsMediaType, isMalformed } from './content-types.js';
import { IngestMetrics, type IntakeOutcome } from './ingest-metrics.js';
import { keptHeaders } from './kept-headers.js';
import { type ReceivedBody } from './raw-body-parser.js';
import { SourceRateLimiter } from './source-rate-limiter.js';
import { IngestedPublisher } from '../outbox/ingested-publisher.service.js';

export interface IncomingWebhook {
  sourceId: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: ReceivedBody | undefined;
}

export interface IntakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Record<string, unknown>;
}

const VERIFICATION_OUTCOME: Record<VerificationFailure, IntakeOutcome> = {
  'missing-signature': 'missing_signature',
  'bad-signature': 'bad_signature',
  'malformed-signature': 'malformed_signature',
  'stale-timestamp': 'stale_timestamp',
};

/**
 * Everything between "a request arrived" and "it may be acknowledged": which source,
 * its rate, media type and size, the signature, the provider's handshake, the body's
 * shape, and the durable, deduplicated commit. Publication follows the commit.
 */
@Injectable()
export class WebhookIntake {
  private readonly logger = new Logger(WebhookIntake.name);
  private readonly rateLimiter = new SourceRateLimiter();

  constructor(
    private readonly config: HooklineConfigService,
    private readonly store: RawWebhookStore,
    private readonly publisher: IngestedPublisher,
    private readonly metrics: IngestMetrics,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    private readonly timeline: TimelineWriter,
  ) {}

  /** The most body bytes to read for a source; undefined for an unknown source. */
  bodyLimit(sourceId: string | undefined): number | undefined {
    return sourceId === undefined
      ? undefined
      : findSource(this.config.current, sourceId)?.source.maxBodyBytes;
  }

  /** How long a source's body may take to arrive; undefined: the service's default. */
  bodyTimeoutMs(sourceId: string | undefined): number | undefined {
    if (sourceId === undefined) return undefined;
    const timeout = findSource(this.config.current, sourceId)?.source.bodyTimeout;
    return timeout === undefined ? undefined : parseDuration(timeout);
  }

  /**
   * The request's trace context (the HTTP instrumentation's server span, a child of the
   * sender's `traceparent` when it sent one; without tracing, the sender's as it came)
   * is stored with the raw request, so every record and delivery of this webhook joins
   * its trace however late the outbox publishes it.
   */
  async receive(incoming: IncomingWebhook): Promise<IntakeResponse> {
    annotateActiveSpan({ 'hookline.source_id': incoming.sourceId });
    const trace = currentTraceHeaders({
      traceparent: header(incoming.headers, Headers.traceparent),
      tracestate: header(incoming.headers, Headers.tracestate),
    });
    return this.intake(incoming, trace.traceparent ?? null);
  }

  private async intake(
    incoming: IncomingWebhook,
    traceparent: string | null,
  ): Promise<IntakeResponse> {
    const started = performance.now();
    const receivedAt = new Date();
    const match = findSource(this.config.current, incoming.sourceId);
    if (!match) return this.reject(incoming.sourceId, 'unknown_source', 404, 'unknown source');
    const { source, tenant } = match;
    const provider = getProvider(source.provider);

    const retryAfter = await this.rateLimiter.consume(source);
    if (retryAfter !== undefined) {
      return this.reject(source.id, 'rate_limited', 429, 'over the source rate', {
        'retry-after': String(retryAfter),
      });
    }
    const contentType = header(incoming.headers, 'content-type');
    if (!acceptsMediaType(source.provider as ProviderName, contentType)) {
      return this.reject(
        source.id,
        'unsupported_media_type',
        415,
        `content type ${contentType ?? '(none)'} is not accepted for ${source.provider}`,
      );
    }
    if (incoming.body?.kind === 'too-large') {
      return this.reject(
        source.id,
        'too_large',
        413,
        `body over the source limit of ${incoming.body.limit} bytes`,
        { connection: 'close' },
      );
    }
    const rawBody = incoming.body?.kind === 'read' ? incoming.body.bytes : Buffer.alloc(0);
    const request = {
      method: incoming.method,
      url: incoming.url,
      ...(this.service.ingest.publicBaseUrl
        ? { publicUrl: new URL(incoming.url, this.service.ingest.publicBaseUrl).toString() }
        : {}),
      headers: flatHeaders(incoming.headers),
      rawBody,
      receivedAt,
    };

    let verification;
    try {
      verification = provider.verify(
        request,
        { secrets: [...source.secrets] },
        source.settings ?? {},
      );
    } catch (error) {
      if (!(error instanceof ProviderConfigurationError)) throw error;
      this.logger.error(`source ${source.id} is misconfigured: ${error.message}`);
      return this.reject(source.id, 'source_misconfigured', 500, 'the source is misconfigured');
    }
    // One message for every signature failure: which check failed is counted, not told.
    if (!verification.ok)
      return this.reject(
        source.id,
        VERIFICATION_OUTCOME[verification.reason],
        401,
        'signature verification failed',
      );
    if (provider.isRetry?.(request)) this.metrics.providerRetry(source.id);

    if (isMalformed(contentType, rawBody))
      return this.reject(source.id, 'malformed_body', 400, 'body is not valid JSON');
    const handshake = provider.handshake?.(request, source.settings ?? {});
    if (handshake) {
      this.metrics.request(source.id, 'handshake', handshake.status);
      return {
        status: handshake.status,
        headers: { 'content-type': handshake.contentType },
        body: handshake.body,
      };
    }

    const webhook = {
      id: `raw_${randomUUID()}`,
      tenantId: tenant.id,
      sourceId: source.id,
      provider: source.provider,
      dedupKey: provider.dedupKey(request, source.settings ?? {}),
      receivedAt,
      method: incoming.method,
      path: incoming.url,
      headers: keptHeaders(incoming.headers, genericSignatureHeader(source.settings)),
      contentType: contentType ?? 'application/octet-stream',
      body: rawBody,
      bodySha256: createHash('sha256').update(rawBody).digest('hex'),
      correlationId: header(incoming.headers, 'x-correlation-id') ?? randomUUID(),
      traceparent,
    };
    let outcome;
    try {
      outcome = await this.store.accept(webhook);
    } catch (error) {
      // Not durable, so not acknowledged: the provider will retry.
      this.logger.error(
        `could not store a webhook of ${source.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return this.reject(
        source.id,
        'store_unavailable',
        503,
        'temporarily unable to accept webhooks',
        { 'retry-after': '5' },
      );
    }
    this.recordIntake(webhook, outcome.stored ? undefined : outcome.duplicateOf);
    if (!outcome.stored) {
      this.metrics.request(source.id, 'duplicate', 200);
      return {
        status: 200,
        headers: { 'hookline-duplicate': 'true', 'hookline-raw-event-id': outcome.duplicateOf },
        body: { id: outcome.duplicateOf, duplicate: true },
      };
    }
    this.metrics.request(source.id, 'accepted', 200);
    this.metrics.acknowledged(source.id, (performance.now() - started) / 1_000);
    this.publisher.publishSoon(webhook);
    return {
      status: 200,
      headers: { 'hookline-raw-event-id': webhook.id },
      body: { id: webhook.id, duplicate: false },
    };
  }

  /**
   * `received`; or, for a resend the raw store dropped, `duplicate` in the timeline of
   * the raw webhook it repeats (the id the provider is answered with), with the
   * resend's own correlation id.
   */
  private recordIntake(
    webhook: Pick<
      RawWebhook,
      'id' | 'tenantId' | 'sourceId' | 'provider' | 'dedupKey' | 'receivedAt' | 'correlationId'
    >,
    duplicateOf: string | undefined,
  ): void {
    this.timeline.record({
      rawEventId: duplicateOf ?? webhook.id,
      tenantId: webhook.tenantId,
      sourceId: webhook.sourceId,
      provider: webhook.provider,
      correlationId: webhook.correlationId,
      stage: 'ingest',
      state: duplicateOf ? 'duplicate' : 'received',
      detail: duplicateOf
        ? {
            reason: 'resent (same dedup key)',
            originalRawEventId: duplicateOf,
            dedupKey: webhook.dedupKey,
          }
        : { dedupKey: webhook.dedupKey },
      occurredAt: webhook.receivedAt,
    });
  }

  private reject(
    sourceId: string,
    outcome: IntakeOutcome,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ): IntakeResponse {
    this.metrics.request(sourceId, outcome, status);
    return { status, headers, body: { error: outcome, message } };
  }
}

function header(headers: IncomingWebhook['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flatHeaders(headers: IncomingWebhook['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** A generic HMAC source names its own signature header; it is dropped like the others. */
function genericSignatureHeader(settings: Readonly<Record<string, unknown>> | undefined): string[] {
  const name = settings?.['header'];
  return typeof name === 'string' ? [name] : [];
}
