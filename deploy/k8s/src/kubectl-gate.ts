import { kubectlAvailable } from './render.js';
import { describeWith } from './tool-gate.js';

/** Suites that render the overlays with `kubectl kustomize`. */
export const describeRendered = describeWith({
  name: 'kubectl',
  available: kubectlAvailable(),
  notice:
    '[hookline] kubectl not found: the Kubernetes manifest checks did not run ' +
    '(rendering every overlay of deploy/k8s, schema validation, topics = topology, ' +
    'probes/ports/environment = what the services read). Install kubectl 1.27+ ' +
    '(Kustomize 5) and run `npx nx run k8s:test`.\n',
  ciFailure: 'kubectl (with Kustomize 5) is not on PATH; CI must provide it',
});
