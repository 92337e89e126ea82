import 'reflect-metadata';
import { runService } from '@hookline/runtime';
import { RouterModule } from './router.module.js';

await runService('router', (config) => RouterModule.register(config));
