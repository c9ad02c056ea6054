// Domain records shared by the pipeline, the stores and the HTTP layer.
import type { Block, CuttingLine, Grid, PolygonCoords, MultiPolygonCoords } from './geo/types.ts';
import type { IssueStage, LedgerEntryDraft } from './ledger/types.ts';
import type { FieldworkDataset } from './fieldwork/records.ts';

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
  /**
   * The grid that contained the point when the problem was reported; kept when later plan versions
   * move borders (the responsible grid now is IssueView's `currentGridCode`).
   */
  gridCode: string;
  villageCode: string;
  townshipCode: string;
  reportedAt: string; // ISO 8601
  deadlineAt: string;
  closedAt: string | null;
  satisfaction: Satisfaction | null;
  synthetic: boolean;
  /** Fine lifecycle stage; `status` is its coarse open/closed reading (see server/ledger). */
  stage: IssueStage;
  responsibleUnit: string | null;
  /** On the long-term list (挂账). */
  longTerm: boolean;
  reworkCount: number;
  extensionCount: number;
}

/** Lifecycle fields a new record may leave out: derived from `status` and from `history`. */
type LifecycleFields = 'stage' | 'responsibleUnit' | 'longTerm' | 'reworkCount' | 'extensionCount';

export type NewIssue = Omit<IssueRecord, 'id' | LifecycleFields> & Partial<Pick<IssueRecord, LifecycleFields>> & {
  /** Who reported it (first ledger entry); 'reporter' when absent. */
  reportedBy?: string;
  /** Ledger entries from the report on (seeded or imported history); derived from the record when absent. */
  history?: LedgerEntryDraft[];
};

/** Everything the pipeline produces for one county, ready to be stored in one transaction. */
export interface Dataset {
  county: CountyRecord;
  /** The province the county belongs to (its code is the county code's first 2 digits). */
  province?: { code: string; name: string };
  townships: TownshipRecord[];
  villages: VillageRecord[];
  blocks: Block[];
  grids: Grid[];
  issues: NewIssue[];
  /** Streets and water as centre-lines, kept for the basemap (the blocks were cut along them). */
  lines?: CuttingLine[];
  /** Contact days, roster, sign-ins, visits and spot checks, stored with the dataset when present. */
  fieldwork?: FieldworkDataset;
  /** Layers that are synthetic, named for the attribution line. */
  syntheticLayers: string[];
  attribution: string;
}
