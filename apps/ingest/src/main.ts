import 'reflect-metadata';
import { runService } from '@hookline/runtime';
import { IngestModule } from './ingest.module.js';

await runService('ingest', (config) => IngestModule.register(config));
