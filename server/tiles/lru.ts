// A cache bounded by an estimate of the bytes its values hold, least recently used dropped first.
// Values are built asynchronously; a build in flight is shared by every caller asking for the same
// key and stamp, and counts for its size only once it resolved.

interface Entry<V> {
  stamp: string;
  promise: Promise<V>;
  bytes: number;
}

export interface ByteLruStats {
  entries: number;
  bytes: number;
  builds: number;
  evictions: number;
}

export class ByteLru<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #budget: number;
  #bytes = 0;
  #builds = 0;
  #evictions = 0;

  constructor(budgetBytes: number) {
    this.#budget = budgetBytes;
  }

  /**
   * The value for `key` built at `stamp`; built anew when absent or built at another stamp. The
   * stamp is read by the caller before building, so a write landing mid-build leaves the result
   * stale rather than wrongly current.
   */
  get(key: string, stamp: string, build: () => Promise<{ value: V; bytes: number }>): Promise<V> {
    const existing = this.#entries.get(key);
    if (existing && existing.stamp === stamp) {
      // Re-inserted: Map order is the recency order.
      this.#entries.delete(key);
      this.#entries.set(key, existing);
      return existing.promise;
    }
    if (existing) this.#remove(key, existing);
    this.#builds++;
    const entry: Entry<V> = { stamp, bytes: 0, promise: Promise.resolve() as Promise<never> };
    entry.promise = build().then(
      ({ value, bytes }) => {
        if (this.#entries.get(key) === entry) {
          entry.bytes = bytes;
          this.#bytes += bytes;
          this.#shrink(key);
        }
        return value;
      },
      (error: unknown) => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
        throw error;
      },
    );
    this.#entries.set(key, entry);
    return entry.promise;
  }

  /** A resolved value at `stamp` without building, when one is cached. */
  peek(key: string, stamp: string): Promise<V> | undefined {
    const existing = this.#entries.get(key);
    return existing && existing.stamp === stamp ? existing.promise : undefined;
  }

  /** Re-stamps a cached value that was updated in place (its size may have changed). */
  restamp(key: string, from: string, to: string, bytes?: number): boolean {
    const existing = this.#entries.get(key);
    if (!existing || existing.stamp !== from) return false;
    existing.stamp = to;
    if (bytes !== undefined && existing.bytes !== 0) {
      this.#bytes += bytes - existing.bytes;
      existing.bytes = bytes;
    }
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  stats(): ByteLruStats {
    return { entries: this.#entries.size, bytes: this.#bytes, builds: this.#builds, evictions: this.#evictions };
  }

  #remove(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** Drops the oldest entries past the budget; the one just built is kept while it is the only one. */
  #shrink(keep: string): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.#budget) break;
      if (key === keep) continue;
      this.#remove(key, entry);
      this.#evictions++;
    }
  }
}
