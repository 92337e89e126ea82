import { describeServiceBoot } from '@hookline/runtime/testing';
import { ExecutorModule } from './executor.module.js';

describeServiceBoot('executor', (config) => ExecutorModule.register(config));
