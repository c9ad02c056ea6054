// The API's types, taken from the server so they flow end to end.
import type { LedgerEntry as LedgerEntryType } from '../../../server/ledger/types.ts';
export type { Tier } from '../../../server/model.ts';
export type {
  BasemapLayer,
  IssuePointColumns,
  ProvinceSummary,
  Stats,
  StatsLevel,
  StatsRow,
  TierCounts,
  Trend,
  TrendWeek,
} from '../../../server/store/store.ts';
export type {
  CountyCollection,
  CountyProperties,
  GridCollection,
  GridFeature,
  GridProperties,
  IssueCollection,
  IssueFeature,
  IssueProperties,
  TownshipCollection,
  TownshipProperties,
  VillageCollection,
  VillageProperties,
} from '../../../server/http/geojson.ts';
export type { IssuePointsBody as IssuePoints } from '../../../server/http/routes/issues.ts';
export type { BasemapCollection, BasemapLineProperties } from '../../../server/http/routes/basemap.ts';
export type { LineDetail as BasemapDetail } from '../../../server/store/lineDetail.ts';
export type { IssueStage, LedgerAction, LedgerEntry } from '../../../server/ledger/types.ts';
export type { Satisfaction } from '../../../server/model.ts';
export type {
  FieldworkLevel,
  FieldworkRow,
  FieldworkStats,
  GridRoster,
  RosterGroup,
  RosterMember,
} from '../../../server/store/fieldwork.ts';
export type { RosterRole } from '../../../server/fieldwork/records.ts';

/** GET /api/issues/:id/ledger: the route's answer around the stored entries. */
export interface IssueLedger {
  issueId: number;
  entries: LedgerEntryType[];
}
