import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readMapData } from '../../server/import/read-map-data.ts';
import { OsmXmlParser, parseOsmXml } from '../../server/import/osm-xml.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import { pbfBlobSummary } from './pbf-blob-summary.ts';

// A hand-made extract cut at its edge (see the comment in the file): missing nodes, a missing member way.
const XML = 'test/fixtures/osm/cut-extract.osm';
// The same file written as PBF with raw (uncompressed) blobs and plain, non-dense nodes.
const PBF = 'test/fixtures/osm/cut-extract.osm.pbf';

describe('an extract cut at its edge', () => {
  it('truncates a way at its missing nodes, keeping the present stretches', async () => {
    const data = await readMapData(XML);
    const main = data.streets.filter((line) => line.name === 'Main Street & Quay');
    expect(main.map((line) => line.coordinates)).toEqual([
      [[10, 50], [10.005, 49.995]],
      [[10.015, 49.995], [10.02, 49.995]],
    ]);
    expect(main.every((line) => line.class === 'residential' && line.kind === 'street')).toBe(true);
  });

  it('keeps block-bounding lines only: no footway, tunnel or pedestrian area; rails as class rail', async () => {
    const data = await readMapData(XML);
    expect(data.streets.map((line) => line.class)).toEqual(['residential', 'residential', 'rail']);
    const withTunnels = await readMapData(XML, { keepTunnels: true });
    expect(withTunnels.streets.map((line) => line.class)).toEqual(['residential', 'residential', 'primary', 'rail']);
  });

  it('takes watercourses and the outline of a water multipolygon as water lines', async () => {
    const data = await readMapData(XML);
    expect(data.water).toEqual([
      { kind: 'water', class: 'stream', name: "L'Eau", coordinates: [[10, 50.01], [10, 50.02]] },
      {
        kind: 'water',
        class: 'water',
        name: 'Pond',
        coordinates: [[10.015, 50.015], [10.02, 50.015], [10.02, 50.02], [10.015, 50.02], [10.015, 50.015]],
      },
    ]);
  });

  it('keeps closed buildings with their levels and skips one with a missing node', async () => {
    const data = await readMapData(XML);
    expect(data.buildings).toHaveLength(1);
    expect(data.buildings[0].levels).toBe(3);
    expect(signedArea(data.buildings[0].polygon[0])).toBeGreaterThan(0);
  });

  it('assembles a boundary from reversed member ways with a hole, and reports one that cannot close', async () => {
    const data = await readMapData(XML);
    const town = data.boundaries.find((unit) => unit.name === 'Test Town')!;
    expect(town).toMatchObject({ code: 'TT', nameZh: '测试镇', adminLevel: 8 });
    expect(town.geometry.type).toBe('Polygon');
    const polygon = town.geometry.coordinates as [number, number][][];
    expect(polygon).toHaveLength(2);
    expect(signedArea(polygon[0])).toBeGreaterThan(0);
    expect(signedArea(polygon[1])).toBeLessThan(0);
    const squareM2 = polygonAreaM2([polygon[0]]);
    expect(polygonAreaM2(polygon)).toBeCloseTo(squareM2 * (1 - 0.04), -2);

    expect(data.boundaries.find((unit) => unit.name === 'Broken Village')).toBeUndefined();
    expect(data.warnings).toHaveLength(1);
    expect(data.warnings[0]).toMatch(/relation 202 "Broken Village".*1 member ways missing from the file.*skipped/);
  });

  it('takes a closed boundary way that no relation uses as an area of its own', async () => {
    const data = await readMapData(XML);
    expect(data.boundaries.map((unit) => unit.code)).toEqual(['TT', 'osm-way-106']);
    expect(data.boundaries[1]).toMatchObject({ name: 'Pond Hamlet', adminLevel: 9 });
  });

  it('uses the bounds the file declares', async () => {
    expect((await readMapData(XML)).bounds).toEqual([9.99, 49.99, 10.03, 50.03]);
  });

  it('reports progress by stage', async () => {
    const stages: string[] = [];
    await readMapData(XML, { onProgress: (stage, done) => stages.push(`${stage}:${typeof done}`) });
    expect(new Set(stages)).toEqual(
      new Set(['read osm xml:number', 'osm model:number', 'extract ways:number', 'extract boundaries:number', 'map data ready:number']),
    );
    const pbfStages: string[] = [];
    await readMapData(PBF, { onProgress: (stage) => pbfStages.push(stage) });
    expect(pbfStages).toContain('read osm pbf');
  });

  it('reads the same from PBF with raw blobs and plain nodes', async () => {
    const summary = pbfBlobSummary(PBF);
    expect([...summary.compressions]).toEqual(['raw']);
    expect(summary.plainNodes).toBeGreaterThan(0);
    expect(summary.denseNodeGroups).toBe(0);
    const [fromXml, fromPbf] = await Promise.all([readMapData(XML), readMapData(PBF)]);
    expect(fromPbf).toEqual(fromXml);
  });
});

describe('OSM XML scanning', () => {
  it('gives the same model whatever the chunking of the text', () => {
    const text = readFileSync(XML, 'utf8');
    const whole = parseOsmXml(text);
    for (const size of [1, 7, 64, 1000]) {
      const parser = new OsmXmlParser();
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      const model = parser.finish();
      expect(model.ways).toEqual(whole.ways);
      expect(model.relations).toEqual(whole.relations);
      expect(model.nodes.size).toBe(whole.nodes.size);
      expect(model.bounds).toEqual(whole.bounds);
    }
  });

  it('decodes entities and keeps ">" inside quoted values', () => {
    const model = parseOsmXml(readFileSync(XML, 'utf8'));
    const way = model.ways.find((candidate) => candidate.id === 301)!;
    expect(way.tags).toEqual({ highway: 'residential', name: 'Main Street & Quay', note: 'cut at the edge > twice' });
    expect(way.nodeIds).toEqual([1, 10, 11, 12, 14, 13]);
  });

  it('reads the older <bound box> form of declared bounds', () => {
    const model = parseOsmXml(`<osm><bound box="49.9,9.9,50.1,10.1" origin="osmosis"/></osm>`);
    expect(model.bounds).toEqual([9.9, 49.9, 10.1, 50.1]);
  });

  it('leaves out objects marked deleted', () => {
    const model = parseOsmXml(
      `<osm><node id="1" lat="1" lon="2" action="delete"/><node id="2" lat="3" lon="4"/>` +
        `<way id="5" action="delete"><nd ref="2"/><tag k="highway" v="residential"/></way></osm>`,
    );
    expect(model.nodes.has(1)).toBe(false);
    expect(model.nodes.get(2)).toEqual([4, 3]);
    expect(model.ways).toEqual([]);
  });
});
