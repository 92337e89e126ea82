import { Controller, Get, Param, Post } from '@nestjs/common';
import { type DestinationState } from '@hookline/persistence';
import { DestinationLifecycle } from './destination-lifecycle.service.js';

/** A destination's health (enabled or disabled, and why; deliveries parked) and enabling it. */
@Controller('destinations')
export class DestinationsController {
  constructor(private readonly lifecycle: DestinationLifecycle) {}

  @Get(':id')
  async state(@Param('id') id: string): Promise<DestinationState & { enabled: boolean }> {
    const state = await this.lifecycle.state(id);
    return { ...state, enabled: state.disabledAt === null };
  }

  @Post(':id/enable')
  enable(@Param('id') id: string): Promise<{ republished: number }> {
    return this.lifecycle.enable(id);
  }
}
