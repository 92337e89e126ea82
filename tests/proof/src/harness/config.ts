import { writeTestConfig } from '@hookline/testing';

export const DESTINATION_SECRET = 'whsec_cHJvb2YtcnVuLW9ubHktc2VjcmV0LTMyYnl0ZXM=';

export interface ProofDestination {
  id: string;
  timeout?: string;
  retryTiers?: string[];
  concurrency?: number;
  disableAfter?: string;
}

export interface ProofRoute {
  id: string;
  destination: string;
  /** The invoice's customer this route takes (each scenario uses its own). */
  customer: string;
  /** Events paying at most this much are filtered out. */
  minimumPaid?: number;
}

/** A `hookline.yaml` of one tenant: Stripe sources, sink destinations, routes by customer. */
export function writeProofConfig(options: {
  sinkPort: number;
  sources: Record<string, string>;
  destinations: ProofDestination[];
  routes: ProofRoute[];
}): string {
  const sources = Object.entries(options.sources).map(
    ([id, secret]) => `      - { id: ${id}, provider: stripe, secrets: ['${secret}'] }`,
  );
  const destinations = options.destinations.map((destination) => {
    const fields = [
      `id: ${destination.id}`,
      'kind: http',
      `url: 'http://127.0.0.1:${options.sinkPort}/d/${destination.id}'`,
      `secret: '${DESTINATION_SECRET}'`,
      `timeout: ${destination.timeout ?? '5s'}`,
      `retryTiers: [${(destination.retryTiers ?? ['1s', '2s', '4s']).map((tier) => `'${tier}'`).join(', ')}]`,
      ...(destination.concurrency ? [`concurrency: ${destination.concurrency}`] : []),
      ...(destination.disableAfter ? [`disableAfter: ${destination.disableAfter}`] : []),
    ];
    return `      - { ${fields.join(', ')} }`;
  });
  const routes = options.routes.map((route) => {
    const filter = `data.customer == "${route.customer}"${route.minimumPaid === undefined ? '' : ` and data.amount_paid > ${route.minimumPaid}`}`;
    return `      - { id: ${route.id}, eventTypes: ['billing.invoice.*'], destination: ${route.destination}, filter: '${filter}' }`;
  });
  return writeTestConfig(
    [
      'version: 1',
      "egress: { allow: ['127.0.0.1'] }",
      'tenants:',
      '  - id: proof',
      '    sources:',
      ...sources,
      '    destinations:',
      ...destinations,
      '    routes:',
      ...routes,
      '',
    ].join('\n'),
  );
}
