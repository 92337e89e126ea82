import { type DestinationConfig } from '@hookline/config';
import { parseDuration } from '@hookline/contracts';
import {
  BrokenCircuitError,
  circuitBreaker,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  handleWhenResult,
  type IBreaker,
  SamplingBreaker,
} from 'cockatiel';
import { type AttemptOutcome } from '../delivery-outcome.js';

/** Opens when either breaker says so; both see every call. */
class EitherBreaker implements IBreaker {
  constructor(private readonly breakers: IBreaker[]) {}

  get state(): unknown {
    return this.breakers.map((breaker) => breaker.state);
  }

  set state(value: unknown) {
    (value as unknown[]).forEach((state, index) => (this.breakers[index]!.state = state));
  }

  success(state: CircuitState): void {
    for (const breaker of this.breakers) breaker.success(state);
  }

  failure(state: CircuitState): boolean {
    return this.breakers.map((breaker) => breaker.failure(state)).some(Boolean);
  }
}

export type CircuitName = 'closed' | 'open' | 'half-open';

/** Thrown by `run` when the circuit is open (or its one probe is already out). */
export class CircuitIsOpen extends Error {
  override readonly name = 'CircuitIsOpen';
}

/**
 * One circuit breaker per destination (this executor's view). A transient outcome
 * (5xx, 429, timeout, connection error) is a failure; a permanent one is not: the
 * endpoint is up and said no. The circuit opens after `consecutiveFailures` in a row,
 * or when `failureRate` of the attempts in `window` failed (once it saw
 * `minimumAttempts`); after `halfOpenAfter` one probe goes through, and its outcome
 * closes or reopens it.
 */
export class DestinationCircuits {
  private readonly circuits = new Map<
    string,
    { settings: string; policy: CircuitBreakerPolicy; openedAt: number; halfOpenAfterMs: number }
  >();

  constructor(
    private readonly onChange: (destinationId: string, state: CircuitName) => void = () => {},
  ) {}

  state(destination: DestinationConfig): CircuitName {
    return nameOf(this.policyFor(destination).state);
  }

  /**
   * False while the circuit is open and its probe not yet due, or its probe is out:
   * the attempt should wait in a retry tier without claiming anything.
   */
  admits(destination: DestinationConfig): boolean {
    this.policyFor(destination);
    const circuit = this.circuits.get(destination.id)!;
    const state = circuit.policy.state;
    if (state === CircuitState.HalfOpen || state === CircuitState.Isolated) return false;
    return state !== CircuitState.Open || Date.now() - circuit.openedAt >= circuit.halfOpenAfterMs;
  }

  /** Runs the attempt through the destination's circuit; throws `CircuitIsOpen` instead when open. */
  async run(
    destination: DestinationConfig,
    attempt: () => Promise<AttemptOutcome>,
  ): Promise<AttemptOutcome> {
    const policy = this.policyFor(destination);
    // cockatiel holds other calls until the probe answers; they go to a retry tier instead.
    if (policy.state === CircuitState.HalfOpen)
      throw new CircuitIsOpen(`the circuit of ${destination.id} is half-open: its probe is out`);
    try {
      return await policy.execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError)
        throw new CircuitIsOpen(`the circuit of ${destination.id} is open`);
      throw error;
    }
  }

  private policyFor(destination: DestinationConfig): CircuitBreakerPolicy {
    const settings = JSON.stringify(destination.circuitBreaker);
    const existing = this.circuits.get(destination.id);
    if (existing?.settings === settings) return existing.policy;
    const { consecutiveFailures, failureRate, minimumAttempts, window, halfOpenAfter } =
      destination.circuitBreaker;
    const windowMs = parseDuration(window);
    const policy = circuitBreaker(
      handleWhenResult((result) => (result as AttemptOutcome).outcome === 'transient'),
      {
        halfOpenAfter: parseDuration(halfOpenAfter),
        breaker: new EitherBreaker([
          new ConsecutiveBreaker(consecutiveFailures),
          new SamplingBreaker({
            threshold: failureRate,
            duration: windowMs,
            minimumRps: minimumAttempts / (windowMs / 1_000),
          }),
        ]),
      },
    );
    const circuit = {
      settings,
      policy,
      openedAt: 0,
      halfOpenAfterMs: parseDuration(halfOpenAfter),
    };
    policy.onStateChange((state) => {
      if (state === CircuitState.Open) circuit.openedAt = Date.now();
      this.onChange(destination.id, nameOf(state));
    });
    this.circuits.set(destination.id, circuit);
    return policy;
  }
}

function nameOf(state: CircuitState): CircuitName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}
