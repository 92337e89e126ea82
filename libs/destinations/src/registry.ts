import { type DestinationConfig } from '@hookline/config';
import {
  type DestinationDependencies,
  type DestinationKind,
  type DestinationKindFactory,
} from './destination-kind.js';
import { HttpClient } from './http/http-client.js';
import { httpKind } from './http/index.js';
import { kafkaKind } from './kafka/index.js';
import { slackKind } from './slack/index.js';
import { type EgressPolicy } from './egress/egress-policy.js';

/** Every destination kind. Adding one is a folder beside `http/` and a line here. */
export const DESTINATION_KIND_FACTORIES: Record<DestinationConfig['kind'], DestinationKindFactory> =
  {
    http: httpKind,
    slack: slackKind,
    kafka: kafkaKind,
  };

/** The kinds, built once per executor and looked up by a destination's `kind`. */
export class DestinationKinds {
  private readonly kinds = new Map<string, DestinationKind>();
  private readonly http: HttpClient;

  constructor(
    egress: EgressPolicy,
    publish: DestinationDependencies['publish'] = () =>
      Promise.reject(new Error('no Kafka producer for kafka destinations')),
  ) {
    this.http = new HttpClient(egress);
    const dependencies: DestinationDependencies = { http: this.http, publish };
    for (const [name, factory] of Object.entries(DESTINATION_KIND_FACTORIES))
      this.kinds.set(name, factory(dependencies));
  }

  get(kind: DestinationConfig['kind']): DestinationKind {
    const found = this.kinds.get(kind);
    if (!found) throw new Error(`no destination kind "${kind}"`);
    return found;
  }

  async close(): Promise<void> {
    await Promise.all([...this.kinds.values()].map((kind) => kind.close()));
    await this.http.close();
  }
}
