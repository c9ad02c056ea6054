// Small counties for the province tests: the fixture county recoded under another county code and
// moved east, so several can be seeded next to each other in one database.
import type { Dataset } from '../../server/model.ts';
import type { Position } from '../../server/geo/types.ts';
import { loadFixtureDataset } from '../fixtures/dataset/load.ts';

const FIXTURE_COUNTY = '360121';

function shiftPositions(value: unknown, dx: number): unknown {
  if (Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    const [lon, lat] = value as Position;
    return [Math.round((lon + dx) * 1e7) / 1e7, lat];
  }
  return Array.isArray(value) ? value.map((item) => shiftPositions(item, dx)) : value;
}

/**
 * The fixture dataset as county `code` (6 digits) named `name`, `dx` degrees east of the original.
 * Every township, village, grid and block code and every issue's codes move under the new county.
 */
export function countyDataset(
  code: string,
  name: string,
  dx: number,
  province?: Dataset['province'],
  source: Dataset = loadFixtureDataset(),
): Dataset {
  const recoded = JSON.parse(JSON.stringify(source).split(FIXTURE_COUNTY).join(code)) as Dataset;
  recoded.county.name = name;
  recoded.county.geometry = shiftPositions(recoded.county.geometry, dx) as Dataset['county']['geometry'];
  for (const township of recoded.townships) township.geometry = shiftPositions(township.geometry, dx) as typeof township.geometry;
  for (const village of recoded.villages) village.geometry = shiftPositions(village.geometry, dx) as typeof village.geometry;
  for (const block of recoded.blocks) block.polygon = shiftPositions(block.polygon, dx) as typeof block.polygon;
  for (const grid of recoded.grids) grid.polygon = shiftPositions(grid.polygon, dx) as typeof grid.polygon;
  for (const issue of recoded.issues) issue.lon = Math.round((issue.lon + dx) * 1e7) / 1e7;
  for (const line of recoded.lines ?? []) line.coordinates = shiftPositions(line.coordinates, dx) as Position[];
  recoded.attribution = `${source.attribution} (recoded as ${code})`;
  if (province) recoded.province = province;
  return recoded;
}

/** Gives every fieldwork person of a dataset its own id (`prefix` + id), keeping roster and records consistent. */
export function renamePeople(dataset: Dataset, prefix: string): Dataset {
  const fieldwork = dataset.fieldwork;
  if (!fieldwork) return dataset;
  const rename = (id: string) => `${prefix}${id}`;
  fieldwork.people = fieldwork.people.map((person) => ({ ...person, id: rename(person.id) }));
  fieldwork.roster = fieldwork.roster.map((entry) => ({ ...entry, personId: rename(entry.personId) }));
  fieldwork.signIns = fieldwork.signIns.map((entry) => ({ ...entry, personId: rename(entry.personId) }));
  fieldwork.visits = fieldwork.visits.map((entry) => ({ ...entry, personId: rename(entry.personId) }));
  fieldwork.spotChecks = fieldwork.spotChecks.map((entry) => ({ ...entry, personId: rename(entry.personId) }));
  return dataset;
}
