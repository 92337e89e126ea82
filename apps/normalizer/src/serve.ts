import 'reflect-metadata';
import { runService } from '@hookline/runtime';
import { NormalizerModule } from './normalizer.module.js';

await runService('normalizer', (config) => NormalizerModule.register(config));
