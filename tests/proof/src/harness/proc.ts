import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

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

/**
 * CPU seconds of a process and its children, live and reaped: its own user + system
 * time, its reaped children's (cutime + cstime), and each live child's own. PostgreSQL's
 * backends are children of the postmaster, so this is the whole server's CPU.
 */
export function processTreeCpuSeconds(pid: number): number {
  const statOf = (of: number | string) => {
    const stat = readFileSync(`/proc/${of}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  const own = statOf(pid);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    try {
      const fields = statOf(entry);
      // Field 4 (ppid) is the second after the command name.
      if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile: its time is in the parent's cutime from now on
    }
  }
  return ticks / ticksPerSecond;
}

/** Busy CPU seconds of the whole machine since boot (all cores; idle and iowait left out). */
export function machineBusySeconds(): number {
  const [first] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = (first ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq (steal: time the hypervisor gave to others).
  const busy = values
    .slice(0, 7)
    .reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy / ticksPerSecond;
}
