import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type LeasedResource = 'kafka' | 'postgres';

/**
 * Lets parallel jest runs (Nx runs several projects at once) share the embedded Kafka
 * and PostgreSQL that one of them started: each run holds a lease while it runs, the run
 * that started a server leaves a marker, and whichever run finishes last stops what the
 * markers name. A server someone started by hand (`npm run infra -- up`) has no marker
 * and is never stopped by tests.
 */
export class InfraLeases {
  constructor(
    private readonly dir: string,
    private readonly isAlive: (pid: number) => boolean,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  take(pid: number, started: LeasedResource[]): void {
    writeFileSync(join(this.dir, `lease-${pid}`), '');
    for (const resource of started)
      writeFileSync(join(this.dir, `started-${resource}`), String(pid));
  }

  /** Drops this run's lease; returns what to stop now (nothing while other runs hold leases). */
  release(pid: number): LeasedResource[] {
    rmSync(join(this.dir, `lease-${pid}`), { force: true });
    const others = readdirSync(this.dir)
      .filter((name) => name.startsWith('lease-'))
      .map((name) => Number(name.slice('lease-'.length)))
      .filter((other) => {
        if (this.isAlive(other)) return true;
        rmSync(join(this.dir, `lease-${other}`), { force: true }); // a run that crashed
        return false;
      });
    if (others.length > 0) return [];
    const toStop = (['kafka', 'postgres'] as const).filter((resource) =>
      existsSync(join(this.dir, `started-${resource}`)),
    );
    for (const resource of toStop) rmSync(join(this.dir, `started-${resource}`), { force: true });
    return toStop;
  }
}
