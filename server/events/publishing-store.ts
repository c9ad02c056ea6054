// A GridStore whose committed writes are announced on an EventBus: `issue` for a new or changed problem, then
// `version` whenever the data version moved. Reads pass straight through.
import type { Dataset, NewIssue } from '../model.ts';
import type {
  BasemapLayer, GridStore, LinePage, IssueExportQuery, IssuePointsQuery, IssueQuery, IssueView, StatsQuery, TransitionResult, TrendQuery,
} from '../store/store.ts';
import type { TransitionCommand } from '../ledger/types.ts';
import type { EventBus } from './bus.ts';

const PUBLISHING = Symbol('publishing store');

interface PublishingStore extends GridStore {
  readonly [PUBLISHING]: { inner: GridStore; bus: EventBus };
}

function isPublishing(store: GridStore): store is PublishingStore {
  return PUBLISHING in store;
}

/** Wraps a store; wrapping a store that already publishes on the same bus returns it unchanged. */
export function publishingStore(store: GridStore, bus: EventBus): GridStore {
  if (isPublishing(store) && store[PUBLISHING].bus === bus) return store;

  const announceVersion = (before: number) => {
    const dataVersion = store.dataVersion();
    if (dataVersion !== before) bus.publish({ type: 'version', dataVersion });
  };

  const wrapped: PublishingStore = {
    [PUBLISHING]: { inner: store, bus },
    async seedDataset(dataset: Dataset) {
      const before = store.dataVersion();
      await store.seedDataset(dataset);
      announceVersion(before);
    },
    async insertIssue(issue: NewIssue): Promise<IssueView> {
      const before = store.dataVersion();
      const created = await store.insertIssue(issue);
      bus.publish({ type: 'issue', issue: created });
      announceVersion(before);
      return created;
    },
    async transitionIssue(id: number, command: TransitionCommand, actor: string): Promise<TransitionResult> {
      const before = store.dataVersion();
      const result = await store.transitionIssue(id, command, actor);
      // Every committed transition is a changed problem; refusals changed nothing and stay quiet.
      if (result.ok) bus.publish({ type: 'issue', issue: result.issue });
      announceVersion(before);
      return result;
    },
    listLedger: (issueId: number) => store.listLedger(issueId),
    exportIssues: (query: IssueExportQuery) => store.exportIssues(query),
    isSeeded: () => store.isSeeded(),
    datasetInfo: () => store.datasetInfo(),
    dataVersion: () => store.dataVersion(),
    getCounty: (code?: string) => store.getCounty(code),
    listCounties: () => store.listCounties(),
    getProvince: () => store.getProvince(),
    listTownships: (query?: { countyCode?: string }) => store.listTownships(query),
    listVillages: (townshipCode?: string) => store.listVillages(townshipCode),
    listGrids: (query?: { townshipCode?: string }) => store.listGrids(query),
    getGrid: (code: string) => store.getGrid(code),
    listBlocks: (query: { townshipCode: string }) => store.listBlocks(query),
    listIssues: (query: IssueQuery) => store.listIssues(query),
    getIssue: (id: number) => store.getIssue(id),
    stats: (query: StatsQuery) => store.stats(query),
    trend: (query: TrendQuery) => store.trend(query),
    issuePoints: (query: IssuePointsQuery) => store.issuePoints(query),
    listLines: (layer: BasemapLayer, page?: LinePage) => store.listLines(layer, page),
    close: () => store.close(),
  };
  return wrapped;
}
