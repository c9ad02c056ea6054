// Sliver merging: faces that are too small or too thin to be a street block join the neighbouring face of
// the same village with which they share the longest boundary. Works on face groups (union-find), so a
// sliver that swallows another sliver is judged again by its merged size and shape.

export interface SliverRules {
  /** Faces below this area (m²) are slivers. */
  minBlockAreaM2: number;
  /** Faces thinner than this Polsby–Popper score (4πA/P²) are slivers too, while below maxThinAreaFactor × minimum. */
  thinPolsbyPopper: number;
  maxThinAreaFactor: number;
}

export const DEFAULT_SLIVER_RULES: SliverRules = { minBlockAreaM2: 500, thinPolsbyPopper: 0.03, maxThinAreaFactor: 20 };

export function isSliver(areaM2: number, perimeterM: number, rules: SliverRules): boolean {
  if (areaM2 < rules.minBlockAreaM2) return true;
  const polsbyPopper = perimeterM > 0 ? (4 * Math.PI * areaM2) / (perimeterM * perimeterM) : 1;
  return polsbyPopper < rules.thinPolsbyPopper && areaM2 < rules.maxThinAreaFactor * rules.minBlockAreaM2;
}

export interface SliverMergeInput {
  /** Village index of each face; -1 for faces that belong to no village (never merged). */
  villageOfFace: Int32Array;
  areaM2: Float64Array;
  perimeterM: Float64Array;
  adjacency: Array<{ a: number; b: number; sharedLengthM: number }>;
  rules: SliverRules;
}

export interface SliverMergeResult {
  /** Group index of each face (-1 for faces without a village); groups are numbered by their first face. */
  groupOfFace: Int32Array;
  groupCount: number;
  mergedSlivers: number;
}

/** Binary min-heap on (area, face) pairs; ties resolve by face index so the order is input-determined. */
class AreaHeap {
  private areas: number[] = [];
  private faces: number[] = [];
  get size(): number {
    return this.faces.length;
  }
  push(area: number, face: number): void {
    this.areas.push(area);
    this.faces.push(face);
    let i = this.faces.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { area: number; face: number } {
    const top = { area: this.areas[0], face: this.faces[0] };
    const lastArea = this.areas.pop()!, lastFace = this.faces.pop()!;
    if (this.faces.length > 0) {
      this.areas[0] = lastArea;
      this.faces[0] = lastFace;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1, right = left + 1;
        let smallest = i;
        if (left < this.faces.length && this.less(left, smallest)) smallest = left;
        if (right < this.faces.length && this.less(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }
  private less(i: number, j: number): boolean {
    return this.areas[i] < this.areas[j] || (this.areas[i] === this.areas[j] && this.faces[i] < this.faces[j]);
  }
  private swap(i: number, j: number): void {
    [this.areas[i], this.areas[j]] = [this.areas[j], this.areas[i]];
    [this.faces[i], this.faces[j]] = [this.faces[j], this.faces[i]];
  }
}

export function mergeSlivers(input: SliverMergeInput): SliverMergeResult {
  const { villageOfFace, rules } = input;
  const faceCount = villageOfFace.length;
  const parent = new Int32Array(faceCount);
  for (let f = 0; f < faceCount; f++) parent[f] = f;
  const find = (f: number): number => {
    while (parent[f] !== f) f = parent[f] = parent[parent[f]];
    return f;
  };
  const area = Float64Array.from(input.areaM2);
  const perimeter = Float64Array.from(input.perimeterM);
  // Same-village neighbours of each group root with the shared boundary length.
  const neighbours: Map<number, number>[] = Array.from({ length: faceCount }, () => new Map());
  for (const { a, b, sharedLengthM } of input.adjacency) {
    if (villageOfFace[a] < 0 || villageOfFace[a] !== villageOfFace[b]) continue;
    neighbours[a].set(b, (neighbours[a].get(b) ?? 0) + sharedLengthM);
    neighbours[b].set(a, (neighbours[b].get(a) ?? 0) + sharedLengthM);
  }
  const heap = new AreaHeap();
  for (let f = 0; f < faceCount; f++) {
    if (villageOfFace[f] >= 0 && isSliver(area[f], perimeter[f], rules)) heap.push(area[f], f);
  }
  let mergedSlivers = 0;
  while (heap.size > 0) {
    const { area: queuedArea, face } = heap.pop();
    if (find(face) !== face || area[face] !== queuedArea || !isSliver(area[face], perimeter[face], rules)) continue;
    let target = -1, targetLength = -1;
    for (const [other, length] of neighbours[face]) {
      if (length > targetLength || (length === targetLength && other < target)) {
        target = other;
        targetLength = length;
      }
    }
    if (target < 0) continue; // no neighbour in the same village: it stays a block of its own
    parent[face] = target;
    area[target] += area[face];
    perimeter[target] = Math.max(0, perimeter[target] + perimeter[face] - 2 * targetLength);
    neighbours[target].delete(face);
    for (const [other, length] of neighbours[face]) {
      if (other === target) continue;
      neighbours[target].set(other, (neighbours[target].get(other) ?? 0) + length);
      neighbours[other].delete(face);
      neighbours[other].set(target, (neighbours[other].get(target) ?? 0) + length);
    }
    neighbours[face].clear();
    mergedSlivers++;
    if (isSliver(area[target], perimeter[target], rules)) heap.push(area[target], target);
  }

  const groupOfFace = new Int32Array(faceCount).fill(-1);
  const groupOfRoot = new Int32Array(faceCount).fill(-1);
  let groupCount = 0;
  for (let f = 0; f < faceCount; f++) {
    if (villageOfFace[f] < 0) continue;
    const root = find(f);
    if (groupOfRoot[root] < 0) groupOfRoot[root] = groupCount++;
    groupOfFace[f] = groupOfRoot[root];
  }
  return { groupOfFace, groupCount, mergedSlivers };
}
