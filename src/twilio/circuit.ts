/**
 * Circuit breakers by key (the client keys them by account, origin and product): a key whose calls
 * keep failing (5xx, broken connections, timeouts) is short-circuited for a cool-down so callers get
 * a clear error at once instead of piling up on it. After the cool-down one probe is let through
 * (half-open); its outcome closes or re-opens the circuit.
 */

/** Breaker settings; see `TwilioClientOptions` for defaults. */
export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before admitting a probe. */
  cooldownMs: number;
  /** The current time in epoch ms; default `Date.now` (tests pass a clock they move). */
  now?: () => number;
}

/** What an admitted call reports back. `neutral` (e.g. aborted by the caller) says nothing about health. */
export type CircuitOutcome = 'success' | 'failure' | 'neutral';

interface KeyState {
  failures: number;
  /** Epoch ms until which the circuit is open; 0 when closed. */
  openUntil: number;
  probing: boolean;
}

/** Circuit breakers for many keys; a key's state exists only while it has recent failures. */
export class CircuitBreaker {
  private readonly states = new Map<string, KeyState>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitOptions) {
    if (!(options.failureThreshold >= 1)) throw new RangeError('failureThreshold must be at least 1');
    this.now = options.now ?? Date.now;
  }

  /**
   * Asks to send a call under `key`. Returns a one-shot reporter when admitted, or the epoch ms at
   * which the circuit will admit a probe when it is refused.
   */
  admit(key: string): { report: (outcome: CircuitOutcome) => void } | { retryAt: number } {
    const now = this.now();
    const state = this.states.get(key);
    if (state !== undefined && state.openUntil !== 0) {
      if (now < state.openUntil) return { retryAt: state.openUntil };
      if (state.probing) return { retryAt: now + this.options.cooldownMs };
      state.probing = true;
      return { report: this.reporter(key, true) };
    }
    return { report: this.reporter(key, false) };
  }

  /** 'open' while refusing, 'half-open' when a probe is due or running, else 'closed'. */
  state(key: string): 'closed' | 'open' | 'half-open' {
    const state = this.states.get(key);
    if (state === undefined || state.openUntil === 0) return 'closed';
    return this.now() < state.openUntil ? 'open' : 'half-open';
  }

  private reporter(key: string, probe: boolean): (outcome: CircuitOutcome) => void {
    let reported = false;
    return (outcome) => {
      if (reported) return;
      reported = true;
      const state = this.states.get(key);
      if (probe && state !== undefined) state.probing = false;
      if (outcome === 'success') {
        this.states.delete(key);
      } else if (outcome === 'failure') {
        const current = state ?? { failures: 0, openUntil: 0, probing: false };
        current.failures++;
        // A failed probe re-opens at once; otherwise open on reaching the threshold.
        if (probe || current.failures >= this.options.failureThreshold) {
          current.openUntil = this.now() + this.options.cooldownMs;
        }
        this.states.set(key, current);
      }
    };
  }
}
