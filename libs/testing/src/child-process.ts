import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, freePort } from '@hookline/local-infra';
import { uniqueName, waitForReady } from './test-context.js';

/**
 * Compiles source folders (workspace-relative) with swc into a private folder, so a
 * test can run project code in a real child process (to SIGKILL or SIGTERM it).
 * Returns the output folder; `@hookline/*` imports are rewritten to relative paths.
 * `copyFiles` copies the other files too (providers' JSON samples), as the build does.
 */
export function compileForChildProcess(
  sourceDirs: string[],
  { copyFiles = false } = {},
): { outDir: string; remove(): void } {
  const root = findWorkspaceRoot();
  const outDir = join(root, 'tmp', uniqueName('child-'));
  mkdirSync(outDir, { recursive: true });
  const swc = spawnSync(
    join(root, 'node_modules', '.bin', 'swc'),
    [
      ...sourceDirs,
      // The console is Vite's to build (tools/scripts/build.mjs).
      '-d',
      outDir,
      '--quiet',
      ...(copyFiles ? ['--copy-files'] : []),
      '--ignore',
      '**/*.spec.ts,**/*.int-spec.ts,apps/console/**',
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (swc.status !== 0) throw new Error(`swc failed: ${swc.stderr}`);
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface RunningChild {
  child: ChildProcess;
  output: string[];
  /** stderr, by line (also passed on to this process's stderr). */
  errors: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a line matching `pattern` appears on stdout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
}

export function startChild(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
  /** Options for Node itself, before the script (`--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs: string[] = [],
): RunningChild {
  const child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', ...nodeArgs, script, ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const errors: string[] = [];
  // Passed on as it comes (a failing test shows it) and kept for assertions.
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    errors.push(...chunk.toString().split('\n').filter(Boolean));
  });
  const waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      output.push(line);
      for (const waiter of waiters.filter((candidate) => candidate.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output,
    errors,
    exited,
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const found = output.find((line) => pattern.test(line));
        if (found) return resolve(found);
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      }),
  };
}

/** A path inside the repository, wherever the test runs from. */
export function workspaceFile(relative: string): string {
  return join(findWorkspaceRoot(), relative);
}

/**
 * One compiled service (`<outDir>/apps/<service>/src/main.js`) as a process on a free
 * port, once `/health/ready` answers (or `readyTimeoutMs` passes: `ready` says which).
 */
export async function startServiceProcess(
  outDir: string,
  service: string,
  env: Record<string, string>,
  readyTimeoutMs: number,
): Promise<{ child: RunningChild; url: string; ready: boolean }> {
  const port = await freePort();
  const child = startChild(join(outDir, `apps/${service}/src/main.js`), {
    ...env,
    PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  return { child, url, ready: (await waitForReady(url, readyTimeoutMs)).ready };
}

/**
 * Several compiled services as processes, all started at once (as `npm start` starts
 * them), resolved once every one answers `/health/ready` or `readyTimeoutMs` passes.
 * In the order given; `ports` pins a service's port (one the configuration names).
 */
export async function startServiceProcesses<S extends string>(
  outDir: string,
  services: readonly S[],
  env: Record<string, string>,
  readyTimeoutMs: number,
  ports: { readonly [service in S]?: number } = {},
): Promise<{ service: S; child: RunningChild; url: string; ready: boolean }[]> {
  const chosen: number[] = [];
  for (const service of services) chosen.push(ports[service] ?? (await freePort()));
  const started = services.map((service, index) => ({
    service,
    child: startChild(join(outDir, `apps/${service}/src/main.js`), {
      ...env,
      PORT: String(chosen[index]),
    }),
    url: `http://127.0.0.1:${chosen[index]}`,
  }));
  return Promise.all(
    started.map(async (one) => ({
      ...one,
      ready: (await waitForReady(one.url, readyTimeoutMs)).ready,
    })),
  );
}

/** SIGTERMs the processes all at once and resolves once every one has exited. */
export async function stopChildren(children: readonly RunningChild[]): Promise<void> {
  await Promise.all(
    children.map(async ({ child, exited }) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    }),
  );
}
