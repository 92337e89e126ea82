import { describeServiceBoot } from '@hookline/runtime/testing';
import { workspaceFile } from '@hookline/testing';
import { NormalizerModule } from './normalizer.module.js';

describeServiceBoot('normalizer', (config) => NormalizerModule.register(config), {
  env: { HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml') },
});
