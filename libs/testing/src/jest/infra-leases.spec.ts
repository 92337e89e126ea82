import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraLeases } from './infra-leases.js';

describe('InfraLeases', () => {
  const alive = new Set<number>();
  const leases = () =>
    new InfraLeases(mkdtempSync(join(tmpdir(), 'leases-')), (pid) => alive.has(pid));

  it('leaves the servers to the last run, whichever started them', () => {
    const shared = leases();
    alive.add(1).add(2);
    shared.take(1, ['kafka', 'postgres']);
    shared.take(2, []);
    alive.delete(1);
    expect(shared.release(1)).toEqual([]); // run 2 still needs them
    alive.delete(2);
    expect(shared.release(2)).toEqual(['kafka', 'postgres']);
    expect(shared.release(2)).toEqual([]);
  });

  it('never stops what no test run started, and forgets runs that crashed', () => {
    const shared = leases();
    shared.take(3, []);
    shared.take(4, ['kafka']); // 4 crashed: not alive
    expect(shared.release(3)).toEqual(['kafka']);
  });
});
