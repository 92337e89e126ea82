import { describeServiceBoot } from '@hookline/runtime/testing';
import { RouterModule } from './router.module.js';

describeServiceBoot('router', (config) => RouterModule.register(config));
