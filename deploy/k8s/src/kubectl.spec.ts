import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { HAS_KUBECTL, MISSING_KUBECTL_NOTICE } from './kubectl-gate.js';

describe('kubectl for rendering the manifests', () => {
  if (!HAS_KUBECTL && !process.env.CI) {
    process.stdout.write(MISSING_KUBECTL_NOTICE);
    it.skip('kubectl with Kustomize 5 is on PATH', () => undefined);
    return;
  }
  it('kubectl with Kustomize 5 is on PATH', () => {
    const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    expect(version.error).toBeUndefined();
    expect(version.stdout).toMatch(/Kustomize Version: v5\./);
  });
});
