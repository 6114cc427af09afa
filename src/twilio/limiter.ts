/**
 * Per-key concurrency limiter (the client keys it by account SID) so one burst cannot earn a whole
 * account Twilio's 429s. Excess callers queue in FIFO order, each for a bounded time.
 */

/** Limiter bounds; see `TwilioClientOptions` for defaults. */
export interface LimiterOptions {
  /** Most in-flight holders per key. */
  maxConcurrent: number;
  /** Most waiters per key; more are refused at once rather than piling up. */
  maxQueued: number;
}

/** The limiter could not grant a slot: the queue was full, or the wait bound passed first. */
export class LimiterRejection extends Error {
  override readonly name = 'LimiterRejection';
  constructor(readonly reason: 'queue-full' | 'wait-timeout', message: string) {
    super(message);
  }
}

/** Gives a slot back. Calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  grant(): void;
}

interface KeyState {
  active: number;
  queue: Waiter[];
}

/** FIFO concurrency limiter with independent slots per key; idle keys hold no memory. */
export class KeyedLimiter {
  private readonly states = new Map<string, KeyState>();

  constructor(private readonly options: LimiterOptions) {
    if (!(options.maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be at least 1');
    if (!(options.maxQueued >= 0)) throw new RangeError('maxQueued must not be negative');
  }

  /** Current in-flight count and queue length for `key` (for metrics and tests). */
  stats(key: string): { active: number; queued: number } {
    const state = this.states.get(key);
    return { active: state?.active ?? 0, queued: state?.queue.length ?? 0 };
  }

  /**
   * Resolves with a {@link Release} once a slot for `key` is free. Rejects with a
   * {@link LimiterRejection} when the queue is full or `waitUntil` (epoch ms) passes, and with
   * `signal.reason` when the signal aborts first.
   */
  acquire(key: string, waitUntil: number, signal?: AbortSignal): Promise<Release> {
    let state = this.states.get(key);
    if (state === undefined) {
      state = { active: 0, queue: [] };
      this.states.set(key, state);
    }
    if (state.active < this.options.maxConcurrent) {
      state.active++;
      return Promise.resolve(this.releaser(key, state));
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (state.queue.length >= this.options.maxQueued) {
      return Promise.reject(
        new LimiterRejection('queue-full', `Concurrency queue full (${this.options.maxQueued} waiting)`),
      );
    }
    const queued = state;
    return new Promise<Release>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const leave = (error: unknown): void => {
        const index = queued.queue.indexOf(waiter);
        if (index !== -1) queued.queue.splice(index, 1);
        cleanup();
        this.dropIfIdle(key, queued);
        reject(error);
      };
      const onAbort = (): void => leave(signal?.reason);
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve(this.releaser(key, queued));
        },
      };
      queued.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(waitUntil)) {
        timer = setTimeout(
          () => leave(new LimiterRejection('wait-timeout', 'Timed out waiting for a concurrency slot')),
          Math.max(0, waitUntil - Date.now()),
        );
      }
    });
  }

  private releaser(key: string, state: KeyState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next !== undefined) {
        // Hand the slot straight to the next waiter so nobody can overtake the queue.
        next.grant();
      } else {
        state.active--;
        this.dropIfIdle(key, state);
      }
    };
  }

  private dropIfIdle(key: string, state: KeyState): void {
    if (state.active === 0 && state.queue.length === 0 && this.states.get(key) === state) this.states.delete(key);
  }
}
