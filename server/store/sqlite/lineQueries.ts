// Street and water centre-lines for the basemap.
import type { Database } from 'better-sqlite3';
import type { Position } from '../../geo/types.ts';
import type { BasemapLayer, BasemapLine, LinePage } from '../store.ts';

const KIND_OF_LAYER: Record<BasemapLayer, 'street' | 'water'> = { streets: 'street', water: 'water' };
/** What an unclassified line is drawn as. */
const DEFAULT_CLASS: Record<BasemapLayer, string> = { streets: 'unclassified', water: 'river' };

export function selectLines(db: Database, layer: BasemapLayer, page: LinePage = {}): BasemapLine[] {
  const rows = db
    .prepare('SELECT id, class, name, coordinates FROM lines WHERE kind = ? AND id > ? ORDER BY id LIMIT ?')
    .all(KIND_OF_LAYER[layer], page.afterId ?? -1, page.limit ?? -1) as Array<{ id: number; class: string | null; name: string | null; coordinates: string }>;
  return rows.map((row) => ({
    id: row.id,
    class: row.class ?? DEFAULT_CLASS[layer],
    name: row.name,
    coordinates: JSON.parse(row.coordinates) as Position[],
  }));
}
