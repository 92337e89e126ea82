import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ServiceName } from '@hookline/contracts';

export interface ServiceProcess {
  service: ServiceName;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** The compiled tree this launcher is part of: `<dist>/deploy/local/src/stack/` → `<dist>`. */
const COMPILED_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Starts one service, compiled beside this launcher (`<dist>/apps/<service>/src/main.js`). */
export function spawnService(
  service: ServiceName,
  options: { root: string; host: string; port: number; env: Record<string, string> },
): ServiceProcess {
  const entry = join(COMPILED_ROOT, 'apps', service, 'src', 'main.js');
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', entry],
    {
      cwd: options.root,
      env: { ...process.env, ...options.env, HOST: options.host, PORT: String(options.port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { service, url: `http://${options.host}:${options.port}`, child, exited };
}

/** Polls `/health/ready` until 200, the process exits, or the timeout passes. */
export async function waitForServiceReady(
  running: ServiceProcess,
  timeoutMs: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  let exited = false;
  void running.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) return 'exited';
    const response = await fetch(`${running.url}/health/ready`).catch(() => undefined);
    if (response?.status === 200) return 'ready';
    await sleep(250);
  }
  return 'timeout';
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopService(running: ServiceProcess, graceMs: number): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  await running.exited;
  clearTimeout(timer);
}
