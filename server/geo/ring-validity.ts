// Ring checks for RFC 7946 polygons: closure, size, coordinate range, winding and self-intersection.
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import type { PolygonCoords, Position } from './types.ts';
import { signedArea } from './ring.ts';

export interface RingProblem {
  reason: string;
  location: Position;
}

/**
 * Problems of one polygon. Per ring: fewer than 4 positions, not closed, non-finite or out-of-range
 * coordinates. Across the rings that pass those checks: segments that cross, overlap along a
 * stretch, or double back (spikes); rings touching at single points are accepted, as they arise
 * where blocks meet at a corner. Then, for rings that do not cross themselves: no area, or wrong
 * winding (exterior must be counter-clockwise, holes clockwise).
 */
export function polygonProblems(polygon: PolygonCoords): RingProblem[] {
  if (!Array.isArray(polygon) || polygon.length === 0) return [{ reason: 'polygon has no rings', location: [0, 0] }];
  const problems: RingProblem[] = [];
  const sound: Position[][] = [];
  const soundIndex: number[] = [];
  polygon.forEach((ring, index) => {
    const problem = structuralProblem(ring);
    if (problem) problems.push({ reason: `${ringName(index)}: ${problem.reason}`, location: problem.location });
    else {
      sound.push(withoutRepeats(ring));
      soundIndex.push(index);
    }
  });
  const crossings = crossingProblems(sound, soundIndex);
  problems.push(...crossings.problems);
  // Winding is meaningless for a ring that crosses itself, so it is judged only for the others.
  sound.forEach((ring, position) => {
    if (crossings.selfCrossing.has(position)) return;
    const index = soundIndex[position];
    const area = signedArea(ring);
    const location: Position = [ring[0][0], ring[0][1]];
    if (area === 0) problems.push({ reason: `${ringName(index)}: ring has no area`, location });
    else if (index === 0 && area < 0) problems.push({ reason: 'exterior ring: wrong winding (clockwise)', location });
    else if (index > 0 && area > 0) problems.push({ reason: `${ringName(index)}: wrong winding (counter-clockwise hole)`, location });
  });
  return problems;
}

function ringName(index: number): string {
  return index === 0 ? 'exterior ring' : `hole ${index}`;
}

function structuralProblem(ring: Position[]): RingProblem | null {
  if (!Array.isArray(ring)) return { reason: 'ring is not a list of positions', location: [0, 0] };
  const location = firstFinite(ring);
  for (const position of ring) {
    if (!Array.isArray(position) || position.length < 2 || !Number.isFinite(position[0]) || !Number.isFinite(position[1])) {
      return { reason: 'non-finite coordinate', location };
    }
    if (Math.abs(position[0]) > 180 || Math.abs(position[1]) > 90) {
      return { reason: `coordinate out of range (${position[0]}, ${position[1]})`, location };
    }
  }
  if (ring.length < 4) return { reason: `ring has ${ring.length} positions, at least 4 are needed`, location };
  const first = ring[0], last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) return { reason: 'ring is not closed', location: [first[0], first[1]] };
  return null;
}

function firstFinite(ring: Position[]): Position {
  for (const position of ring) {
    if (Array.isArray(position) && Number.isFinite(position[0]) && Number.isFinite(position[1])) {
      return [position[0], position[1]];
    }
  }
  return [0, 0];
}

function withoutRepeats(ring: Position[]): Position[] {
  const result: Position[] = [];
  for (const position of ring) {
    const last = result[result.length - 1];
    if (!last || last[0] !== position[0] || last[1] !== position[1]) result.push(position);
  }
  return result;
}

/** Segment pairs that cross or overlap, found with a segment index; one report per ring pair. */
function crossingProblems(rings: Position[][], ringIndices: number[]): { problems: RingProblem[]; selfCrossing: Set<number> } {
  const ringOf: number[] = [], indexInRing: number[] = [], ringSegments: number[] = [];
  const starts: Position[] = [], ends: Position[] = [];
  rings.forEach((ring, ringIndex) => {
    const count = ring.length - 1;
    for (let i = 0; i < count; i++) {
      ringOf.push(ringIndex);
      indexInRing.push(i);
      ringSegments.push(count);
      starts.push(ring[i]);
      ends.push(ring[i + 1]);
    }
  });
  const selfCrossing = new Set<number>();
  if (starts.length === 0) return { problems: [], selfCrossing };
  const index = new Flatbush(starts.length);
  for (let i = 0; i < starts.length; i++) {
    index.add(
      Math.min(starts[i][0], ends[i][0]), Math.min(starts[i][1], ends[i][1]),
      Math.max(starts[i][0], ends[i][0]), Math.max(starts[i][1], ends[i][1]),
    );
  }
  index.finish();
  const reported = new Set<string>();
  const problems: RingProblem[] = [];
  for (let i = 0; i < starts.length; i++) {
    const candidates = index.search(
      Math.min(starts[i][0], ends[i][0]), Math.min(starts[i][1], ends[i][1]),
      Math.max(starts[i][0], ends[i][0]), Math.max(starts[i][1], ends[i][1]),
    );
    for (const j of candidates) {
      if (j <= i) continue;
      const sameRing = ringOf[i] === ringOf[j];
      const pairKey = `${ringOf[i]}:${ringOf[j]}`;
      if (reported.has(pairKey)) continue;
      let reason: string | null = null;
      let location: Position = starts[j];
      if (sameRing && adjacent(indexInRing[i], indexInRing[j], ringSegments[i])) {
        // Consecutive segments share one vertex; they are wrong only when the second folds back.
        const [shared, before, after] =
          indexInRing[j] === indexInRing[i] + 1 ? [ends[i], starts[i], ends[j]] : [starts[i], ends[i], starts[j]];
        if (foldsBack(before, shared, after)) {
          reason = 'ring doubles back on itself';
          location = shared;
        }
      } else {
        const meeting = segmentsMeet(starts[i], ends[i], starts[j], ends[j]);
        if (meeting) {
          reason = sameRing ? `ring ${meeting.kind === 'cross' ? 'crosses' : 'overlaps'} itself` : `rings ${meeting.kind} each other`;
          location = meeting.location;
        }
      }
      if (reason) {
        reported.add(pairKey);
        if (sameRing) selfCrossing.add(ringOf[i]);
        problems.push({ reason: `${ringName(ringIndices[ringOf[i]])}: self-intersection (${reason})`, location });
      }
    }
  }
  return { problems, selfCrossing };
}

function adjacent(a: number, b: number, count: number): boolean {
  const gap = Math.abs(a - b);
  return gap === 1 || gap === count - 1;
}

function foldsBack(before: Position, shared: Position, after: Position): boolean {
  if (orient2d(before[0], before[1], shared[0], shared[1], after[0], after[1]) !== 0) return false;
  return (shared[0] - before[0]) * (after[0] - shared[0]) + (shared[1] - before[1]) * (after[1] - shared[1]) < 0;
}

/** Proper crossings and collinear overlaps of positive length; single touching points do not count. */
function segmentsMeet(p1: Position, p2: Position, q1: Position, q2: Position): { kind: 'cross' | 'overlap'; location: Position } | null {
  const d1 = orient2d(q1[0], q1[1], q2[0], q2[1], p1[0], p1[1]);
  const d2 = orient2d(q1[0], q1[1], q2[0], q2[1], p2[0], p2[1]);
  const d3 = orient2d(p1[0], p1[1], p2[0], p2[1], q1[0], q1[1]);
  const d4 = orient2d(p1[0], p1[1], p2[0], p2[1], q2[0], q2[1]);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return { kind: 'cross', location: [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])] };
  }
  if (d1 === 0 && d2 === 0) {
    // Collinear: project on the longer axis and measure the common stretch.
    const axis = Math.abs(p2[0] - p1[0]) >= Math.abs(p2[1] - p1[1]) ? 0 : 1;
    const low = Math.max(Math.min(p1[axis], p2[axis]), Math.min(q1[axis], q2[axis]));
    const high = Math.min(Math.max(p1[axis], p2[axis]), Math.max(q1[axis], q2[axis]));
    if (high > low) {
      const t = ((low + high) / 2 - p1[axis]) / (p2[axis] - p1[axis]);
      return { kind: 'overlap', location: [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])] };
    }
  }
  return null;
}
