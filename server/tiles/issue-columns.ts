// Problems of one county as columns of typed arrays (world position, id, tier, status, deadline,
// category, grid and township as indexes into small tables) with a flatbush index over the positions.
// Kept current in place as problems are logged or change: new ones go to an unindexed tail, scanned
// linearly, until the tail is long enough to re-index.
import Flatbush from 'flatbush';
import type { IssueView } from '../store/store.ts';
import type { Tier } from '../model.ts';
import { worldX, worldY } from './coordinates.ts';

export const TIERS: readonly Tier[] = ['red', 'orange', 'yellow'];
export const STATUSES = ['open', 'closed'] as const;

/** Category names are few and shared by every county. */
export class Dictionary {
  readonly names: string[] = [];
  readonly #codes = new Map<string, number>();
  codeOf(name: string): number {
    let code = this.#codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.#codes.set(name, code);
    }
    return code;
  }
}

const MIN_TAIL_TO_REINDEX = 256;

export class IssueColumns {
  count = 0;
  worldX = new Float64Array(0);
  worldY = new Float64Array(0);
  id = new Float64Array(0);
  tier = new Uint8Array(0);
  status = new Uint8Array(0);
  deadline = new Float64Array(0);
  category = new Uint16Array(0);
  grid = new Uint32Array(0);
  township = new Uint16Array(0);
  readonly gridCodes: Dictionary = new Dictionary();
  readonly townshipCodes: Dictionary = new Dictionary();
  readonly categories: Dictionary;
  /** Positions covered by `index` (0..indexed-1); the rest are scanned linearly. */
  indexed = 0;
  index: Flatbush | null = null;
  /** Positions sorted by id, for finding a changed problem (the tail past it is scanned). */
  #byId = new Uint32Array(0);

  constructor(categories: Dictionary) {
    this.categories = categories;
  }

  #grow(capacity: number): void {
    if (capacity <= this.id.length) return;
    const size = Math.max(capacity, Math.ceil(this.id.length * 1.5), 64);
    const grow = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(array: T, make: (length: number) => T): T => {
      const next = make(size);
      next.set(array);
      return next;
    };
    this.worldX = grow(this.worldX, (n) => new Float64Array(n));
    this.worldY = grow(this.worldY, (n) => new Float64Array(n));
    this.id = grow(this.id, (n) => new Float64Array(n));
    this.tier = grow(this.tier, (n) => new Uint8Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.deadline = grow(this.deadline, (n) => new Float64Array(n));
    this.category = grow(this.category, (n) => new Uint16Array(n));
    this.grid = grow(this.grid, (n) => new Uint32Array(n));
    this.township = grow(this.township, (n) => new Uint16Array(n));
  }

  #write(position: number, issue: IssueView): void {
    this.worldX[position] = worldX(issue.lon);
    this.worldY[position] = worldY(issue.lat);
    this.id[position] = issue.id;
    this.tier[position] = Math.max(0, TIERS.indexOf(issue.tier));
    this.status[position] = issue.status === 'open' ? 0 : 1;
    this.deadline[position] = Date.parse(issue.deadlineAt);
    this.category[position] = this.categories.codeOf(issue.category);
    this.grid[position] = this.gridCodes.codeOf(issue.gridCode);
    this.township[position] = this.townshipCodes.codeOf(issue.townshipCode);
  }

  /** Appends without indexing (loading); call `reindex` when done. */
  append(issues: readonly IssueView[]): void {
    this.#grow(this.count + issues.length);
    for (const issue of issues) this.#write(this.count++, issue);
  }

  #positionOf(id: number): number {
    let low = 0, high = this.#byId.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = this.id[this.#byId[middle]];
      if (candidate === id) return this.#byId[middle];
      if (candidate < id) low = middle + 1;
      else high = middle - 1;
    }
    for (let position = this.indexed; position < this.count; position++) if (this.id[position] === id) return position;
    return -1;
  }

  /** Writes a new or changed problem (a problem never moves: its position and codes stay). */
  upsert(issue: IssueView): void {
    const position = this.#positionOf(issue.id);
    if (position >= 0) {
      this.#write(position, issue);
      return;
    }
    this.append([issue]);
    if (this.count - this.indexed >= Math.max(MIN_TAIL_TO_REINDEX, this.indexed / 20)) this.reindex();
  }

  /** Drops the spare capacity left by loading (a county is loaded once, then grows one by one). */
  compact(): void {
    if (this.id.length === this.count) return;
    const size = this.count;
    this.worldX = this.worldX.slice(0, size);
    this.worldY = this.worldY.slice(0, size);
    this.id = this.id.slice(0, size);
    this.tier = this.tier.slice(0, size);
    this.status = this.status.slice(0, size);
    this.deadline = this.deadline.slice(0, size);
    this.category = this.category.slice(0, size);
    this.grid = this.grid.slice(0, size);
    this.township = this.township.slice(0, size);
  }

  reindex(): void {
    this.indexed = this.count;
    if (this.count === 0) {
      this.index = null;
      this.#byId = new Uint32Array(0);
      return;
    }
    const index = new Flatbush(this.count);
    for (let position = 0; position < this.count; position++) index.add(this.worldX[position], this.worldY[position], this.worldX[position], this.worldY[position]);
    index.finish();
    this.index = index;
    const byId = new Uint32Array(this.count);
    for (let position = 0; position < this.count; position++) byId[position] = position;
    byId.sort((a, b) => this.id[a] - this.id[b]);
    this.#byId = byId;
  }

  /** Calls `visit` for every problem inside the world box (edges included; y grows southwards). */
  forEachIn(minX: number, minY: number, maxX: number, maxY: number, visit: (position: number) => void): void {
    if (this.index) {
      for (const position of this.index.search(minX, minY, maxX, maxY)) visit(position);
    }
    for (let position = this.indexed; position < this.count; position++) {
      const x = this.worldX[position], y = this.worldY[position];
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) visit(position);
    }
  }

  bytes(): number {
    const arrays = this.id.length * (8 + 8 + 8 + 1 + 1 + 8 + 2 + 4 + 2);
    // Flatbush: four doubles and an index per item; the id order: four bytes per item.
    return arrays + this.indexed * (32 + 4 + 4) + this.gridCodes.names.length * 80 + 256;
  }
}
