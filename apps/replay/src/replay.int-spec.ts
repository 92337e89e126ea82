import { describeServiceBoot } from '@hookline/runtime/testing';
import { ReplayModule } from './replay.module.js';

describeServiceBoot('replay', (config) => ReplayModule.register(config));
