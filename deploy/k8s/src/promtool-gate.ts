import { spawnSync } from 'node:child_process';
import { describe, it } from '@jest/globals';

export const HAS_PROMTOOL = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;

/** One line where promtool is missing (tools/scripts/ensure-promtool.mjs installs it). */
export const MISSING_PROMTOOL_NOTICE =
  '[hookline] promtool not found: `promtool check rules` and `promtool test rules` on ' +
  'deploy/k8s/alerts/ did not run. Install it (Debian: `apt-get install prometheus`) and ' +
  'run `npx nx run k8s:test`.\n';

type Suite = (name: string, body: () => void) => void;

/** `describe` when promtool is on PATH; skipped with one line without it, failed in CI. */
export const describeWithPromtool: Suite = (() => {
  if (HAS_PROMTOOL) return describe;
  if (process.env.CI) {
    return (name: string) =>
      describe(name, () => {
        it('needs promtool, which CI must have', () => {
          throw new Error(
            'promtool is not on PATH; CI must provide it (Debian package prometheus)',
          );
        });
      });
  }
  return (name: string, body: () => void) => {
    process.stdout.write(MISSING_PROMTOOL_NOTICE);
    describe.skip(name, body);
  };
})();
