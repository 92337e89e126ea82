import { describe, it } from '@jest/globals';
import { kubectlAvailable } from './render.js';

export const HAS_KUBECTL = kubectlAvailable();

/** Shown once (by kubectl.spec.ts) where kubectl is missing. */
export const MISSING_KUBECTL_NOTICE =
  '[hookline] kubectl not found: the Kubernetes manifest checks did not run ' +
  '(rendering every overlay of deploy/k8s, schema validation, topics = topology, ' +
  'probes/ports/environment = what the services read). Install kubectl 1.27+ ' +
  '(Kustomize 5) and run `npx nx run k8s:test`.\n';

type Suite = (name: string, body: () => void) => void;

/**
 * `describe`, when kubectl can render the overlays. Without it the suite is skipped (and
 * kubectl.spec.ts says so); in CI, where kubectl must be, it fails instead.
 */
export const describeRendered: Suite = (() => {
  if (HAS_KUBECTL) return describe;
  if (process.env.CI) {
    return (name: string) =>
      describe(name, () => {
        it('needs kubectl, which CI must have', () => {
          throw new Error('kubectl (with Kustomize 5) is not on PATH; CI must provide it');
        });
      });
  }
  return (name: string, body: () => void) => describe.skip(name, body);
})();
