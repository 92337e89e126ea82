import { closeSync, openSync, readSync, statSync } from 'node:fs';

const TAIL_BYTES = 256 * 1024;

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The text of `path` from `offset` on (at most the last 256 KiB); '' when missing. */
export function readFrom(path: string, offset = 0): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(path).size;
    // A rolled-over log is smaller than the recorded offset: read the new file from the top.
    const start = Math.max(offset <= size ? offset : 0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const LOG_LINE = /^\[[^\]]+\] (ERROR|FATAL) (.*?)(?: \([\w.$]+\))?$/;
const EXCEPTION_LINE = /^(?:Caused by: )?[\w.$]+(?:Exception|Error)(?::.*)?$/;

function shorten(line: string, max = 400): string {
  const single = line.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

/**
 * The broker's last ERROR/FATAL log line, joined with the exception right below it, which
 * usually holds the actual reason ("Socket server failed to bind to ...").
 */
export function lastErrorLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let index = lines.length - 1; index >= 0; index--) {
    const match = LOG_LINE.exec(lines[index] ?? '');
    if (!match) continue;
    const message = match[2] ?? '';
    const next = lines[index + 1]?.trim() ?? '';
    return shorten(EXCEPTION_LINE.test(next) ? `${message}: ${next}` : message);
  }
  return undefined;
}

/** Failures before log4j is up (bad JVM flag, missing class) only reach the console. */
export function lastConsoleProblem(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const problem =
    lines.findLast((line) => /\b(ERROR|FATAL|Error|Exception)\b/.test(line)) ?? lines.at(-1);
  return problem === undefined ? undefined : shorten(problem);
}
