import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DeliveriesContract, DeliveryTask } from '@hookline/contracts';
import { KafkaConnection, type StandardHeaders } from '@hookline/kafka';
import { DESTINATION_STATES, type DestinationStateRepository } from '@hookline/persistence';
import { CatalogService, type Tenants } from './catalog.service.js';

export interface SetDestinationEnabledCommand {
  tenants: Tenants;
  destinationId: string;
  enabled: boolean;
  /** Who asked, recorded as the reason of a disable. */
  by: string;
}

/**
 * An operator disables a destination (the executors park its deliveries from their next
 * state read, within a second) or enables it again, which publishes what was parked, in
 * the order it came, as the executor's own enable does.
 */
@Injectable()
export class SetDestinationEnabled {
  private readonly logger = new Logger(SetDestinationEnabled.name);

  constructor(
    private readonly catalog: CatalogService,
    @Inject(DESTINATION_STATES) private readonly states: DestinationStateRepository,
    private readonly kafka: KafkaConnection,
  ) {}

  async execute(command: SetDestinationEnabledCommand): Promise<{ republished: number }> {
    if (!this.catalog.findDestination(command.tenants, command.destinationId))
      throw new NotFoundException(`no destination ${command.destinationId}`);
    if (!command.enabled) {
      await this.states.disable(command.destinationId, `disabled by ${command.by}`);
      this.logger.warn(`${command.destinationId} disabled by ${command.by}`);
      return { republished: 0 };
    }
    const parked = await this.states.enable(command.destinationId);
    for (const delivery of parked)
      await this.kafka.producer.publish(
        DeliveriesContract,
        DeliveryTask.parse(delivery.task),
        delivery.headers as unknown as StandardHeaders,
      );
    this.logger.log(
      `${command.destinationId} enabled by ${command.by}; ${parked.length} parked deliveries published again`,
    );
    return { republished: parked.length };
  }
}
