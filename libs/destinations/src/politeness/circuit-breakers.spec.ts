import { describe, expect, it } from '@jest/globals';
import { Destination } from '@hookline/config';
import { type AttemptOutcome } from '../delivery-outcome.js';
import { CircuitIsOpen, DestinationCircuits } from './circuit-breakers.js';

const destination = (circuitBreaker: Record<string, unknown>) =>
  Destination.parse({
    id: 'orders',
    kind: 'http',
    url: 'https://orders.example/hooks',
    secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=',
    circuitBreaker,
  });

const failed: AttemptOutcome = { outcome: 'transient', reason: 'answered 503' };
const refused: AttemptOutcome = { outcome: 'permanent', reason: 'answered 400' };
const ok: AttemptOutcome = { outcome: 'delivered', reason: 'answered 204' };

describe('DestinationCircuits', () => {
  it('opens after a run of failures, half-opens with one probe, and closes on its success', async () => {
    const changes: string[] = [];
    const circuits = new DestinationCircuits((_id, state) => changes.push(state));
    const config = destination({
      consecutiveFailures: 3,
      halfOpenAfter: '100ms',
      minimumAttempts: 100,
    });
    for (let i = 0; i < 3; i++) await circuits.run(config, async () => failed);
    expect(circuits.state(config)).toBe('open');
    expect(circuits.admits(config)).toBe(false);
    let called = false;
    await expect(
      circuits.run(config, async () => {
        called = true;
        return ok;
      }),
    ).rejects.toBeInstanceOf(CircuitIsOpen);
    expect(called).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(circuits.admits(config)).toBe(true);
    // One probe goes through; while it is out, nothing else does.
    let answer: (outcome: AttemptOutcome) => void = () => {};
    let started: () => void = () => {};
    const probeStarted = new Promise<void>((resolve) => (started = resolve));
    const probe = circuits.run(
      config,
      () =>
        new Promise((resolve) => {
          answer = resolve;
          started();
        }),
    );
    await probeStarted;
    expect(circuits.state(config)).toBe('half-open');
    expect(circuits.admits(config)).toBe(false);
    await expect(circuits.run(config, async () => ok)).rejects.toBeInstanceOf(CircuitIsOpen);
    answer(ok);
    expect((await probe).outcome).toBe('delivered');
    expect(circuits.state(config)).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('does not count permanent refusals as failures', async () => {
    const circuits = new DestinationCircuits();
    const config = destination({ consecutiveFailures: 2, minimumAttempts: 100 });
    for (let i = 0; i < 5; i++) await circuits.run(config, async () => refused);
    expect(circuits.state(config)).toBe('closed');
  });

  it('opens on a failure rate without a run of failures', async () => {
    const circuits = new DestinationCircuits();
    const config = destination({
      consecutiveFailures: 100,
      failureRate: 0.5,
      minimumAttempts: 4,
      window: '10s',
    });
    for (const outcome of [failed, ok, failed, ok, failed, failed, ok, failed])
      await circuits.run(config, async () => outcome).catch(() => undefined);
    expect(circuits.state(config)).toBe('open');
  });
});
