// Colours for grids such that neighbouring grids differ: a greedy colouring, repaired locally
// after an edit so that grids away from it keep their colours (no flicker while editing).

export const GRID_COLOUR_COUNT = 8;

/** Colour per grid slot; `neighbours(slot)` lists the slots sharing a border with it. */
export function colourGrids(slotCount: number, neighbours: (slot: number) => Iterable<number>): number[] {
  const degree = Array.from({ length: slotCount }, (_, slot) => [...neighbours(slot)].length);
  const order = Array.from({ length: slotCount }, (_, slot) => slot).sort((a, b) => degree[b] - degree[a] || a - b);
  const colours = new Array<number>(slotCount).fill(-1);
  for (const slot of order) colours[slot] = freeColour(colours, neighbours(slot), slot);
  return colours;
}

function freeColour(colours: readonly number[], neighbours: Iterable<number>, slot: number): number {
  const used = new Set<number>();
  for (const neighbour of neighbours) if (neighbour !== slot && colours[neighbour] !== undefined && colours[neighbour] >= 0) used.add(colours[neighbour]);
  for (let colour = 0; colour < GRID_COLOUR_COUNT; colour++) if (!used.has(colour)) return colour;
  // More neighbours than colours: the least clashing fallback is still a valid index.
  return slot % GRID_COLOUR_COUNT;
}

/** Gives the changed slots (and new ones) a colour no neighbour has, keeping every other colour. Mutates and returns `colours`. */
export function repairColours(colours: number[], changed: Iterable<number>, neighbours: (slot: number) => Iterable<number>): number[] {
  for (const slot of changed) {
    const current = colours[slot];
    const clash = current === undefined || current < 0 || [...neighbours(slot)].some((neighbour) => neighbour !== slot && colours[neighbour] === current);
    if (clash) colours[slot] = freeColour(colours, neighbours(slot), slot);
  }
  return colours;
}
