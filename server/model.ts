// Domain records shared by the pipeline, the stores and the HTTP layer.
import type { Block, CuttingLine, Grid, PolygonCoords, MultiPolygonCoords } from './geo/types.ts';

export type Tier = 'red' | 'orange' | 'yellow';
export const TIERS: readonly Tier[] = ['red', 'orange', 'yellow'];

export type IssueStatus = 'open' | 'closed';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export type AreaGeometry =
  | { type: 'Polygon'; coordinates: PolygonCoords }
  | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };

export interface CountyRecord {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

export interface TownshipRecord {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

export interface VillageRecord {
  code: string;
  name: string;
  townshipCode: string;
  geometry: AreaGeometry;
}

/** A resident's problem (民情问题) as logged in the ledger. */
export interface IssueRecord {
  id: number;
  title: string;
  category: string;
  tier: Tier;
  status: IssueStatus;
  lon: number;
  lat: number;
  /** The grid that contained the point when the problem was reported. */
  gridCode: string;
  villageCode: string;
  townshipCode: string;
  reportedAt: string; // ISO 8601
  deadlineAt: string;
  closedAt: string | null;
  satisfaction: Satisfaction | null;
  synthetic: boolean;
}

export type NewIssue = Omit<IssueRecord, 'id'>;

/** Everything the pipeline produces for one county, ready to be stored in one transaction. */
export interface Dataset {
  county: CountyRecord;
  townships: TownshipRecord[];
  villages: VillageRecord[];
  blocks: Block[];
  grids: Grid[];
  issues: NewIssue[];
  /** Streets and water as centre-lines, kept for the basemap (the blocks were cut along them). */
  lines?: CuttingLine[];
  /** Layers that are synthetic, named for the attribution line. */
  syntheticLayers: string[];
  attribution: string;
}
