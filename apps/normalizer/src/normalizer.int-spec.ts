import { describeServiceBoot } from '@hookline/runtime/testing';
import { NormalizerModule } from './normalizer.module.js';

describeServiceBoot('normalizer', (config) => NormalizerModule.register(config));
