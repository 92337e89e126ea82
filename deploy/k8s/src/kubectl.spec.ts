import { spawnSync } from 'node:child_process';
import { expect, it } from '@jest/globals';
import { describeRendered } from './kubectl-gate.js';

describeRendered(
  'kubectl for rendering the manifests',
  () => {
    it('kubectl with Kustomize 5 is on PATH', () => {
      const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
      expect(version.error).toBeUndefined();
      expect(version.stdout).toMatch(/Kustomize Version: v5\./);
    });
  },
  { announce: true },
);
