import { describeServiceBoot } from '@hookline/runtime/testing';
import { workspaceFile } from '@hookline/testing';
import { IngestModule, ingestAppOptions } from './ingest.module.js';

describeServiceBoot('ingest', (config) => IngestModule.register(config), {
  env: { HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml') },
  app: ingestAppOptions,
  consumesNothing: true,
});
