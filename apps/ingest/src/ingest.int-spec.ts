import { describeServiceBoot } from '@hookline/runtime/testing';
import { IngestModule } from './ingest.module.js';

describeServiceBoot('ingest', (config) => IngestModule.register(config));
