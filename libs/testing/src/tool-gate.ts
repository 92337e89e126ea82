import type { describe as jestDescribe, it as jestIt } from '@jest/globals';

/**
 * Jest's globals, read when a suite is declared: this module is also loaded outside jest
 * (the `hookline demo` signs through this library), where `@jest/globals` cannot load.
 */
const jest = () => globalThis as unknown as { describe: typeof jestDescribe; it: typeof jestIt };

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
    const { describe, it } = jest();
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
