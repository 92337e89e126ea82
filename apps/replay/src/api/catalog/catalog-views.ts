import { type DestinationConfig, type HooklineConfig } from '@hookline/config';

export interface SourceView {
  tenantId: string;
  id: string;
  provider: string;
  webhookUrl: string;
}

export interface RouteView {
  tenantId: string;
  id: string;
  eventTypes: string[];
  filter: string | null;
  transform: boolean;
  destination: string;
}

export interface DestinationConfigView {
  tenantId: string;
  id: string;
  kind: string;
  /** Where it delivers, without secrets: an http URL's origin and path, Slack's host, a topic. */
  target: string;
}

const visible = (config: HooklineConfig, tenants: readonly string[] | null) =>
  config.tenants.filter((tenant) => tenants === null || tenants.includes(tenant.id));

export function sourceViews(
  config: HooklineConfig,
  tenants: readonly string[] | null,
  publicBaseUrl: string | undefined,
): SourceView[] {
  const base = (publicBaseUrl ?? '').replace(/\/+$/, '');
  return visible(config, tenants).flatMap((tenant) =>
    tenant.sources.map((source) => ({
      tenantId: tenant.id,
      id: source.id,
      provider: source.provider,
      webhookUrl: `${base}/webhooks/${encodeURIComponent(source.id)}`,
    })),
  );
}

export function routeViews(config: HooklineConfig, tenants: readonly string[] | null): RouteView[] {
  return visible(config, tenants).flatMap((tenant) =>
    tenant.routes.map((route) => ({
      tenantId: tenant.id,
      id: route.id,
      eventTypes: [...route.eventTypes],
      filter: route.filter ?? null,
      transform: route.transform !== undefined,
      destination: route.destination,
    })),
  );
}

/** A Slack webhook URL is itself a secret, and an http URL may carry credentials or tokens. */
function targetOf(destination: DestinationConfig): string {
  if (destination.kind === 'kafka') return `topic ${destination.topic}`;
  const url = new URL(destination.url);
  return destination.kind === 'slack' ? `slack ${url.host}` : `${url.origin}${url.pathname}`;
}

export function destinationConfigViews(
  config: HooklineConfig,
  tenants: readonly string[] | null,
): DestinationConfigView[] {
  return visible(config, tenants).flatMap((tenant) =>
    tenant.destinations.map((destination) => ({
      tenantId: tenant.id,
      id: destination.id,
      kind: destination.kind,
      target: targetOf(destination),
    })),
  );
}
