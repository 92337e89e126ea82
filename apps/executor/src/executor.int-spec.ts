import { describeServiceBoot } from '@hookline/runtime/testing';
import { workspaceFile } from '@hookline/testing';
import { ExecutorModule } from './executor.module.js';

describeServiceBoot('executor', (config) => ExecutorModule.register(config), {
  env: { HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml') },
});
