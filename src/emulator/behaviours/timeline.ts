/**
 * Runs the steps of simulated lifecycles (a message being delivered, a call
 * ringing and ending) one step every `stepMs`. Timers are tracked so that
 * closing the emulator stops every pending step at once.
 */
export class Timeline {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /**
   * @param stepMs delay before each step; 0 runs them on the next turns of the event loop.
   * @param settle runs after each step: steps change the store outside any request, so
   *   nothing else would ever commit (forget) their undo journal.
   */
  constructor(
    private readonly stepMs: number,
    private readonly settle: () => void = () => {},
  ) {}

  /**
   * Schedules `steps` in order, `stepMs` apart, starting `stepMs` from now.
   * Steps always run after the current request has been answered, so the
   * create response shows the initial state. A step that throws is logged by
   * `onError` and ends that lifecycle.
   */
  run(steps: readonly (() => void)[], onError: (error: unknown) => void): void {
    const next = (i: number): void => {
      if (this.closed || i >= steps.length) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.closed) return;
        try {
          steps[i]!();
        } catch (error) {
          onError(error);
          return;
        } finally {
          this.settle();
        }
        next(i + 1);
      }, this.stepMs);
      this.timers.add(timer);
    };
    next(0);
  }

  /** Cancels every pending step. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
