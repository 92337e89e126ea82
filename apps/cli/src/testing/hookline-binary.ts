import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { compileForChildProcess } from '@hookline/testing';

export interface HooklineRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface HooklineBinary {
  /** Where it was compiled (with the services too when they were asked for). */
  outDir: string;
  run(args: string[], env?: Record<string, string>): Promise<HooklineRun>;
  remove(): void;
}

/**
 * The CLI compiled as the build compiles it (with the providers' samples), run as a
 * real process with the project's Node. The environment holds only what a test gives
 * (and PATH), so the caller's HOOKLINE_* settings do not leak in.
 */
export function buildHooklineBinary(
  sourceDirs = ['apps/cli/src', 'libs', 'deploy/local/src'],
): HooklineBinary {
  const build = compileForChildProcess(sourceDirs, { copyFiles: true });
  const main = join(build.outDir, 'apps/cli/src/main.js');
  return {
    outDir: build.outDir,
    remove: build.remove,
    run: (args, env = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [main, ...args], {
          env: { PATH: process.env['PATH'] ?? '', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      }),
  };
}
