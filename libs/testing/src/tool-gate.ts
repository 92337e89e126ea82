import { describe, it } from '@jest/globals';

export interface GatedTool {
  name: string;
  available: boolean;
  /** One line saying which checks did not run and how to run them. */
  notice: string;
  /** Why CI, which must have the tool, fails without it. */
  ciFailure: string;
}

type GatedSuite = (name: string, body: () => void, options?: { announce?: boolean }) => void;

/**
 * `describe` when the tool is on PATH. Without it the suite is skipped, and the one suite
 * that `announce`s says so; in CI, where the tool must be, it fails instead.
 */
export function describeWith(tool: GatedTool): GatedSuite {
  return (name, body, { announce = false } = {}) => {
    if (tool.available) return describe(name, body);
    if (process.env.CI)
      return describe(name, () => {
        it(`needs ${tool.name}, which CI must have`, () => {
          throw new Error(tool.ciFailure);
        });
      });
    if (announce) process.stdout.write(tool.notice);
    return describe.skip(name, body);
  };
}
