/**
 * Keeps a store in a JSON file across restarts. Writes are debounced and atomic (temporary
 * file + rename), so a crash never leaves a half-written file behind.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Store, StoreSnapshot } from './store.js';

/** Debounce for writes after a change. */
const WRITE_DELAY_MS = 20;

/** Saves a store to `file` after changes; `load` restores it. */
export class Persistence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly store: Store,
  ) {}

  /**
   * Loads the file if it exists; returns whether state was restored. A file that is not one this
   * class wrote (empty, not JSON, another shape) is an error naming the file, and nothing is loaded.
   */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    const invalid = (why: string): Error => new Error(`${this.file} is not a valid emulator data file (${why}); move it away or pass another --data file`);
    let snapshot: Partial<StoreSnapshot> | null;
    try {
      snapshot = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StoreSnapshot> | null;
    } catch (error) {
      throw invalid(error instanceof SyntaxError ? 'not JSON' : String(error));
    }
    if (snapshot === null || typeof snapshot !== 'object' || snapshot.version !== 1 || !Array.isArray(snapshot.records)) {
      throw invalid('not a store snapshot of version 1');
    }
    this.store.load(snapshot as StoreSnapshot);
    return true;
  }

  /** Starts saving after every change. */
  watch(): void {
    this.store.onChange(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes the current state now (and cancels a pending write). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.store.snapshot()));
    renameSync(tmp, this.file);
  }
}
