import { describe, expect, it } from 'vitest';
import { readMapData } from '../../server/import/read-map-data.ts';
import { readOsmXml } from '../../server/import/osm-xml.ts';
import { readOsmPbf } from '../../server/import/osm-pbf.ts';
import { streetClass } from '../../server/import/osm-extract.ts';
import { pbfBlobSummary } from './pbf-blob-summary.ts';

const MONACO_XML = 'test/fixtures/osm/monaco.osm.gz';
const MONACO_PBF = 'test/fixtures/osm/monaco.osm.pbf';
const ANDORRA_XML = 'test/fixtures/osm/andorra.osm.gz';

describe('Monaco: OSM XML and PBF feed the same extraction', () => {
  it('reads the same nodes, ways and relations from both formats', async () => {
    const xml = await readOsmXml(MONACO_XML);
    const pbf = readOsmPbf(MONACO_PBF);
    expect(pbf.nodes.size).toBe(xml.nodes.size);
    expect(pbf.ways).toEqual(xml.ways);
    expect(pbf.relations).toEqual(xml.relations);
    for (const way of xml.ways.slice(0, 200)) {
      for (const id of way.nodeIds) expect(pbf.nodes.get(id)).toEqual(xml.nodes.get(id));
    }
  });

  it('extracts identical streets, water, buildings and boundaries', async () => {
    const xml = await readMapData(MONACO_XML);
    const pbf = await readMapData(MONACO_PBF);
    expect(pbf.streets).toEqual(xml.streets);
    expect(pbf.water).toEqual(xml.water);
    expect(pbf.buildings).toEqual(xml.buildings);
    expect(pbf.boundaries).toEqual(xml.boundaries);
    expect(pbf.bounds).toEqual(xml.bounds);
    expect(pbf.warnings).toEqual(xml.warnings);
  });

  it('uses zlib blobs and dense nodes (the common PBF encoding)', () => {
    const summary = pbfBlobSummary(MONACO_PBF);
    expect([...summary.compressions]).toEqual(['zlib']);
    expect(summary.denseNodeGroups).toBeGreaterThan(0);
  });
});

describe('Monaco counts against the data README', () => {
  it('keeps only block-bounding highway ways, fewer than all highway ways', async () => {
    const model = await readOsmXml(MONACO_XML);
    const data = await readMapData(MONACO_XML);
    const highwayWays = model.ways.filter((way) => way.tags.highway !== undefined);
    // The README counts 859 highway ways; the file holds 866 ways with a highway tag.
    expect(highwayWays.length).toBeGreaterThanOrEqual(859);
    const surfaceStreetWays = highwayWays.filter((way) => streetClass(way.tags) !== undefined && way.tags.tunnel === undefined);
    expect(data.streets.length).toBe(surfaceStreetWays.length); // every way complete: one line per way
    expect(data.streets.length).toBeGreaterThan(0);
    expect(data.streets.length).toBeLessThanOrEqual(859);
    const classes = new Set(data.streets.map((line) => line.class));
    for (const excluded of ['footway', 'steps', 'path']) expect(classes.has(excluded)).toBe(false);
    expect(classes.has('residential')).toBe(true);
    expect(data.streets.every((line) => line.kind === 'street' && line.coordinates.length >= 2)).toBe(true);
    expect(data.streets.some((line) => line.name === 'Boulevard Albert 1er')).toBe(true);
  });

  it('finds water lines (lakes, streams, the coastline) and closed building outlines', async () => {
    const data = await readMapData(MONACO_PBF);
    expect(data.water.length).toBeGreaterThan(0);
    expect(data.water.every((line) => line.kind === 'water')).toBe(true);
    expect(new Set(data.water.map((line) => line.class))).toContain('coastline');
    expect(data.buildings.length).toBeGreaterThan(900);
    // This extract tags no building:levels, so every level count stays unknown rather than guessed.
    expect(data.buildings.every((building) => building.levels === null)).toBe(true);
    for (const { polygon } of data.buildings.slice(0, 100)) {
      expect(polygon[0][0]).toEqual(polygon[0][polygon[0].length - 1]);
    }
  });

  it('takes the extent of streets and buildings as bounds when the file declares none (README bbox)', async () => {
    const [minX, minY, maxX, maxY] = (await readMapData(MONACO_PBF)).bounds!;
    expect([minX, minY, maxX, maxY].map((value) => Number(value.toFixed(4)))).toEqual([7.4043, 43.7218, 7.4393, 43.752]);
  });

  it("holds Monaco's land boundary: the admin_level 2 relation closes into about 2 km²", async () => {
    const data = await readMapData(MONACO_PBF, { adminLevel: 2 });
    const monaco = data.boundaries.filter((unit) => unit.name === 'Monaco');
    expect(monaco).toHaveLength(1);
    const { unitAreaM2 } = await import('../../server/import/boundaries.ts');
    expect(unitAreaM2(monaco[0]) / 1e6).toBeGreaterThan(1.9);
    expect(unitAreaM2(monaco[0]) / 1e6).toBeLessThan(2.2);
    // The maritime Monaco relation lacks member ways in this extract and is reported, not thrown.
    expect(data.warnings.some((warning) => warning.includes('"Monaco"') && warning.includes('missing from the file'))).toBe(true);
  });
});

describe('speed', () => {
  it('reads and extracts the Andorra XML extract (about 19 MB unpacked) in under 2 s', async () => {
    const started = performance.now();
    const data = await readMapData(ANDORRA_XML);
    const elapsed = performance.now() - started;
    expect(data.streets.length).toBeGreaterThan(1000);
    expect(elapsed).toBeLessThan(2000);
  });
});
