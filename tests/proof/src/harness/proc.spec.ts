import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { machineBusySeconds, processTreeCpuSeconds } from './proc.js';

describe('process figures from /proc', () => {
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
