import { describeServiceBoot } from '@hookline/runtime/testing';
import { workspaceFile } from '@hookline/testing';
import { replayAppOptions } from './replay-app.js';
import { ReplayModule } from './replay.module.js';

describeServiceBoot('replay', (config) => ReplayModule.register(config), {
  env: { HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml') },
  app: replayAppOptions,
});
