// Street and water centre-lines for the basemap.
import type { Position } from '../../geo/types.ts';
import type { BasemapLayer, BasemapLine, LinePage } from '../store.ts';
import type { Queryable } from './sql.ts';

const KIND_OF_LAYER: Record<BasemapLayer, 'street' | 'water'> = { streets: 'street', water: 'water' };
/** What an unclassified line is drawn as. */
const DEFAULT_CLASS: Record<BasemapLayer, string> = { streets: 'unclassified', water: 'river' };

export async function selectLines(db: Queryable, layer: BasemapLayer, page: LinePage = {}): Promise<BasemapLine[]> {
  const { rows } = await db.query<{ id: number; class: string | null; name: string | null; coordinates: string }>(
    'SELECT id, class, name, coordinates FROM lines WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3',
    [KIND_OF_LAYER[layer], page.afterId ?? -1, page.limit ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    class: row.class ?? DEFAULT_CLASS[layer],
    name: row.name,
    coordinates: JSON.parse(row.coordinates) as Position[],
  }));
}
