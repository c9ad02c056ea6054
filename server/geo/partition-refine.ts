// The two steps of grid partitioning: greedy growth of one side of a cut, and boundary refinement.
import { connectedWithout, type BlockGraph } from './block-graph.ts';

/**
 * How much one typical grid perimeter of border between grids weighs against a squared relative
 * imbalance of 1. Chosen on Voronoi test counties: it keeps the household spread close to the
 * balance-only optimum while removing most frayed shapes.
 */
export const BORDER_WEIGHT = 0.05;

/**
 * Grows a connected part from the block at one end of the set's long axis, always taking the
 * adjacent block furthest back along that axis (a sweep, which gives straight, compact cuts), until
 * the part reaches `targetWeight`. The part holds between `minCount` and `maxCount` nodes.
 */
export function growPart(graph: BlockGraph, nodes: number[], targetWeight: number, minCount: number, maxCount: number): number[] {
  const inSet = new Set(nodes);
  const axis = principalAxis(graph, nodes);
  const key = (node: number) => graph.positions[node][0] * axis[0] + graph.positions[node][1] * axis[1];
  let seed = nodes[0];
  for (const node of nodes) if (key(node) < key(seed) || (key(node) === key(seed) && node < seed)) seed = node;

  const heap = new MinHeap();
  const queued = new Set<number>([seed]);
  heap.push(key(seed), seed);
  const part: number[] = [];
  let weight = 0;
  while (heap.size > 0 && part.length < maxCount) {
    const node = heap.pop();
    const nodeWeight = graph.weights[node];
    if (part.length >= minCount) {
      if (weight >= targetWeight) break;
      // Stop short when taking the block would overshoot by more than stopping undershoots.
      if (weight + nodeWeight - targetWeight > targetWeight - weight) break;
    }
    part.push(node);
    weight += nodeWeight;
    for (const { node: next } of graph.neighbours[node]) {
      if (inSet.has(next) && !queued.has(next)) {
        queued.add(next);
        heap.push(key(next), next);
      }
    }
  }
  return part;
}

/**
 * Moves boundary blocks between neighbouring parts while that lowers a cost made of the imbalance,
 * Σ((part weight − mean) / mean)², plus `borderWeight` times the length of borders between parts
 * over a typical grid perimeter (4·√(mean part area)). So blocks move from heavier to lighter parts
 * unless that frays the shapes, and weightless blocks move where that shortens borders. A move never
 * disconnects the part it leaves. Every move lowers the cost, so the loop ends; a pass cap bounds it.
 */
export function refineParts(graph: BlockGraph, parts: number[][], borderWeight = BORDER_WEIGHT, maxPasses = 60): number[][] {
  const partOf = new Int32Array(graph.ids.length).fill(-1);
  const weight = parts.map(() => 0);
  const size = parts.map((part) => part.length);
  let totalWeight = 0, totalArea = 0;
  parts.forEach((part, index) => {
    for (const node of part) {
      partOf[node] = index;
      weight[index] += graph.weights[node];
      totalWeight += graph.weights[node];
      totalArea += graph.areas[node];
    }
  });
  const meanWeight = totalWeight / Math.max(1, parts.length);
  const typicalPerimeter = 4 * Math.sqrt(totalArea / Math.max(1, parts.length));
  if (!(meanWeight > 0) || !(typicalPerimeter > 0)) return parts.map((part) => [...part]);
  const balanceScale = 1 / (meanWeight * meanWeight);
  const borderScale = borderWeight / typicalPerimeter;
  const nodes = parts.flat().sort((x, y) => x - y);
  for (let pass = 0; pass < maxPasses; pass++) {
    let moves = 0;
    for (const node of nodes) {
      const from = partOf[node];
      if (size[from] <= 1) continue;
      let ownLength = 0;
      const lengthToPart = new Map<number, number>();
      for (const { node: next, sharedLengthM } of graph.neighbours[node]) {
        const part = partOf[next];
        if (part < 0) continue;
        if (part === from) ownLength += sharedLengthM;
        else lengthToPart.set(part, (lengthToPart.get(part) ?? 0) + sharedLengthM);
      }
      if (lengthToPart.size === 0) continue;
      const nodeWeight = graph.weights[node];
      let best = -1, bestGain = 1e-12;
      for (const [to, length] of [...lengthToPart.entries()].sort((x, y) => x[0] - y[0])) {
        // Drop in squared imbalance, plus drop in border length, when the node moves to `to`.
        const gain =
          2 * nodeWeight * (weight[from] - weight[to] - nodeWeight) * balanceScale + (length - ownLength) * borderScale;
        if (gain > bestGain) {
          best = to;
          bestGain = gain;
        }
      }
      if (best < 0 || !connectedWithout(graph, partOf, from, size[from], node)) continue;
      partOf[node] = best;
      size[from]--;
      size[best]++;
      weight[from] -= nodeWeight;
      weight[best] += nodeWeight;
      moves++;
    }
    if (moves === 0) break;
  }
  const result: number[][] = parts.map(() => []);
  for (const node of nodes) result[partOf[node]].push(node);
  return result;
}

/** Unit direction of the largest spread of the nodes' positions, pointing east (or south if vertical). */
function principalAxis(graph: BlockGraph, nodes: number[]): [number, number] {
  let mx = 0, my = 0;
  for (const node of nodes) {
    mx += graph.positions[node][0];
    my += graph.positions[node][1];
  }
  mx /= nodes.length;
  my /= nodes.length;
  let sxx = 0, syy = 0, sxy = 0;
  for (const node of nodes) {
    const dx = graph.positions[node][0] - mx, dy = graph.positions[node][1] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // Angle of the major axis of the covariance ellipse.
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  let x = Math.cos(angle), y = Math.sin(angle);
  if (Math.abs(x) < 1e-12) x = 0;
  if (x < 0 || (x === 0 && y > 0)) {
    x = -x;
    y = -y;
  }
  return [x, y];
}

/** Binary min-heap of nodes keyed by a number, ties broken by node index. */
class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  push(key: number, value: number): void {
    this.keys.push(key);
    this.values.push(value);
    let index = this.values.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): number {
    const top = this.values[0];
    const lastKey = this.keys.pop()!, lastValue = this.values.pop()!;
    if (this.values.length > 0) {
      this.keys[0] = lastKey;
      this.values[0] = lastValue;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1, right = left + 1;
        let smallest = index;
        if (left < this.values.length && this.less(left, smallest)) smallest = left;
        if (right < this.values.length && this.less(right, smallest)) smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    return this.keys[i] < this.keys[j] || (this.keys[i] === this.keys[j] && this.values[i] < this.values[j]);
  }

  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
    [this.values[i], this.values[j]] = [this.values[j], this.values[i]];
  }
}
