import 'reflect-metadata';
import { runService } from '@hookline/runtime';
import { ExecutorModule } from './executor.module.js';

await runService('executor', (config) => ExecutorModule.register(config));
