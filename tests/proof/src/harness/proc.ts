import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';

export interface ProcessSample {
  cpuSeconds: number;
  rssMb: number;
  /** VmHWM: the peak resident set since the process started. */
  peakRssMb: number;
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU and resident memory of one process, from /proc (Linux). */
export function processSample(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields 14 and 15 (utime, stime) counted after the command name's closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return {
    cpuSeconds: ticks / ticksPerSecond,
    rssMb: kb('VmRSS') / 1024,
    peakRssMb: kb('VmHWM') / 1024,
  };
}

/** "1.23 0.98 0.70": the machine's load, printed beside every figure (the box may be shared). */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}
