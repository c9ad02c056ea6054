// The API's types, taken from the server so they flow end to end.
export type { Tier } from '../../../server/model.ts';
export type {
  BasemapLayer,
  IssuePointColumns,
  Stats,
  StatsLevel,
  StatsRow,
  TierCounts,
  Trend,
  TrendWeek,
} from '../../../server/store/store.ts';
export type {
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
