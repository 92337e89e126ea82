import 'reflect-metadata';
import { runService } from '@hookline/runtime';
import { IngestModule, ingestAppOptions } from './ingest.module.js';

await runService('ingest', (config) => IngestModule.register(config), ingestAppOptions);
