import { Module } from '@nestjs/common';
import { HooklineConfigService } from './hookline-config.service.js';

/** For services that act on tenants, sources, destinations and routes. */
@Module({ providers: [HooklineConfigService], exports: [HooklineConfigService] })
export class HooklineConfigModule {}
