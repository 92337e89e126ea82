import { describeServiceBoot } from '@hookline/runtime/testing';
import { workspaceFile } from '@hookline/testing';
import { RouterModule } from './router.module.js';

describeServiceBoot('router', (config) => RouterModule.register(config), {
  env: { HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml') },
});
