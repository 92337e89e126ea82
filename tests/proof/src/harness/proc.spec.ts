import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { machineBusySeconds, pidListeningOn, processTreeCpuSeconds } from './proc.js';

describe('process figures from /proc', () => {
  it('finds the process listening on a port, and nothing on a closed one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(pidListeningOn(port)).toBe(process.pid);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(pidListeningOn(port)).toBeUndefined();
  });

  it("counts a reaped child's CPU in its parent's tree", async () => {
    const before = processTreeCpuSeconds(process.pid);
    // A child that burns about 0.3 s of CPU, then exits and is reaped.
    const child = spawn(process.execPath, [
      '-e',
      'const end = process.cpuUsage().user + 300000; while (process.cpuUsage().user < end);',
    ]);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(processTreeCpuSeconds(process.pid) - before).toBeGreaterThanOrEqual(0.25);
  });

  it("reads the machine's busy time, which only grows", () => {
    const first = machineBusySeconds();
    const end = Date.now() + 50;
    while (Date.now() < end);
    expect(first).toBeGreaterThan(0);
    expect(machineBusySeconds()).toBeGreaterThanOrEqual(first);
  });
});
