import 'reflect-metadata';
import { runService } from '@hookline/runtime';
import { replayAppOptions } from './replay-app.js';
import { ReplayModule } from './replay.module.js';

await runService('replay', (config) => ReplayModule.register(config), replayAppOptions);
