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

  /** Loads the file if it exists; returns whether state was restored. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    const snapshot = JSON.parse(readFileSync(this.file, 'utf8')) as StoreSnapshot;
    if (snapshot.version !== 1 || !Array.isArray(snapshot.records)) throw new Error(`${this.file} is not an emulator data file`);
    this.store.load(snapshot);
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
