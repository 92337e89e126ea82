import { Inject, Injectable } from '@nestjs/common';
import { DESTINATION_STATES, type DestinationStateRepository } from '@hookline/persistence';
import { HooklineConfigService } from '@hookline/runtime';
import { type Page } from '../../http/pagination.js';
import { type ListDestinationsCommand } from './list-destinations.command.js';

export interface DestinationView {
  id: string;
  name: string;
  tenantId: string;
  kind: string;
  /** `disabled` (by the executor or an operator), `failing` (every attempt since failingSince), else `healthy`. */
  state: 'healthy' | 'failing' | 'disabled';
  /** The circuit breaker lives in each executor (its metrics); the replay service does not know it. */
  breaker: null;
  disabled: boolean;
  disabledAt: string | null;
  disabledWhy: string | null;
  failingSince: string | null;
  parked: number;
}

@Injectable()
export class ListDestinations {
  constructor(
    private readonly config: HooklineConfigService,
    @Inject(DESTINATION_STATES) private readonly states: DestinationStateRepository,
  ) {}

  /** Every destination of the file the caller may see; one page (they are few). */
  async execute(command: ListDestinationsCommand): Promise<Page<DestinationView>> {
    const { principal, input } = command;
    const scope = principal.scope(input.tenant);
    const destinations = this.config.current.tenants
      .filter((tenant) => scope === '*' || scope.includes(tenant.id))
      .flatMap((tenant) => tenant.destinations.map((destination) => ({ tenant, destination })));
    const items = await Promise.all(
      destinations.map(async ({ tenant, destination }): Promise<DestinationView> => {
        const state = await this.states.state(destination.id);
        return {
          id: destination.id,
          name: destination.id,
          tenantId: tenant.id,
          kind: destination.kind,
          state: state.disabledAt ? 'disabled' : state.failingSince ? 'failing' : 'healthy',
          breaker: null,
          disabled: state.disabledAt !== null,
          disabledAt: state.disabledAt?.toISOString() ?? null,
          disabledWhy: state.disabledWhy,
          failingSince: state.failingSince?.toISOString() ?? null,
          parked: state.parked,
        };
      }),
    );
    return { items, nextCursor: null };
  }
}
