// Everything a store answers about one dataset, for comparing backends (and copies) answer by answer,
// with a dataset and a run of writes rich enough to make the comparison mean something.
import type { GridStore, IssueView } from '../../server/store/store.ts';
import { fieldworkOf } from '../../server/store/fieldwork.ts';
import type { Dataset } from '../../server/model.ts';
import { generateSeedIssues } from '../../server/synth/issues.ts';
import { generateSeedFieldwork } from '../../server/synth/fieldwork.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';

/** The fixture with a synthetic ledger of problems (with histories) and synthetic fieldwork added. */
export function richDataset(): Dataset {
  const dataset = loadFixtureDataset();
  const grids = dataset.grids.map(({ code, villageCode, townshipCode, households, polygon }) => ({ code, villageCode, townshipCode, households, polygon }));
  const issues = generateSeedIssues({ grids, now: FIXTURE_NOW, count: 1200, closed: 700, seed: 11 });
  dataset.issues = [...dataset.issues, ...issues];
  dataset.fieldwork = generateSeedFieldwork({
    grids, issues, now: FIXTURE_NOW, seed: 11,
    counts: { countyLeaders: 2, cadres: 10, partyMembers: 20, departments: 4, contactDays: 4, peopleReceived: 300, spotCheckedVillages: 2, disciplined: 2 },
  });
  return dataset;
}

/** The same writes on any store: transitions along the lifecycle, refusals, new problems, fieldwork. */
export async function applySameWrites(store: GridStore): Promise<void> {
  const open = (await store.exportIssues({})).filter((issue) => issue.stage === 'reported').slice(0, 12);
  const steps = ['accept', 'dispatch', 'start', 'handle', 'verify', 'close'] as const;
  for (const [index, issue] of open.entries()) {
    for (const action of steps.slice(0, 1 + (index % steps.length))) {
      const command =
        action === 'dispatch' ? { action, unit: '县城管局' } : action === 'close' ? { action, satisfaction: 'basically_satisfied' as const } : { action };
      await store.transitionIssue(issue.id, command, '指挥中心');
    }
  }
  // A refused move writes nothing on either backend.
  await store.transitionIssue(open[0].id, { action: 'close' }, '指挥中心');
  const grid = (await store.listGrids())![1];
  const [[west, south], , [east, north]] = grid.polygon[0];
  await store.insertIssue({
    title: '路灯损坏夜间无照明', category: '道路交通', tier: 'orange', status: 'open',
    lon: (west + east) / 2, lat: (south + north) / 2, gridCode: grid.code, villageCode: grid.villageCode, townshipCode: grid.townshipCode,
    reportedAt: '2015-04-30T21:15:00+08:00', deadlineAt: '2015-05-07T21:15:00+08:00', closedAt: null, satisfaction: null, synthetic: false,
  });
  const fieldwork = fieldworkOf(store);
  if (fieldwork) {
    await fieldwork.addPerson({ id: 'CD900', name: '甘俊', kind: 'cadre', organisation: '县林业局', synthetic: false });
    await fieldwork.assign({ gridCode: grid.code, personId: 'CD900', role: 'cadre' });
  }
}

async function everyIssue(store: GridStore): Promise<IssueView[]> {
  const result: IssueView[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listIssues({ limit: 250, cursor });
    result.push(...page.issues);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return result;
}

/** Answers to every read the store offers, over every unit of the dataset. */
export async function storeAnswers(store: GridStore): Promise<Record<string, unknown>> {
  const townships = await store.listTownships();
  const grids = (await store.listGrids()) ?? [];
  const issues = await everyIssue(store);
  const windows = [
    {}, { reportedFrom: '2015-04-01T00:00:00.000Z', reportedBefore: '2015-04-20T00:00:00.000Z' }, { category: '环境卫生' },
  ];
  const answers: Record<string, unknown> = {
    dataset: await store.datasetInfo(),
    county: await store.getCounty(),
    townships,
    villages: await store.listVillages(),
    grids,
    blocks: await Promise.all(townships.map((township) => store.listBlocks({ townshipCode: township.code }))),
    streets: await store.listLines('streets'),
    water: await store.listLines('water'),
    issues,
    overduePage: await store.listIssues({ limit: 20, status: 'overdue', tier: 'red' }),
    boxedPage: await store.listIssues({ limit: 20, bbox: [115.93, 28.55, 115.96, 28.6] }),
    ledgers: await Promise.all(issues.map((issue) => store.listLedger(issue.id))),
    export: await store.exportIssues({ townshipCode: townships[0]?.code, reportedFrom: '2015-04-10T00:00:00.000Z' }),
    points: await Promise.all([{}, { status: 'overdue' as const }, { tiers: ['red' as const, 'yellow' as const] }, ...windows].map((query) => store.issuePoints(query))),
    stats: await Promise.all(
      windows.flatMap((window) => [
        store.stats({ level: 'county', ...window }),
        ...townships.map((township) => store.stats({ level: 'township', code: township.code, ...window })),
        ...grids.map((grid) => store.stats({ level: 'grid', code: grid.code, ...window })),
      ]),
    ),
    trend: await Promise.all([
      store.trend({ level: 'county', weeks: 12 }),
      ...townships.map((township) => store.trend({ level: 'township', code: township.code, weeks: 8, category: '矛盾纠纷' })),
    ]),
  };
  const fieldwork = fieldworkOf(store);
  if (fieldwork) {
    const villages = (await store.listVillages()) ?? [];
    answers.fieldwork = {
      days: await fieldwork.listContactDays(),
      rosters: await Promise.all(grids.map((grid) => fieldwork.roster(grid.code))),
      stats: await Promise.all([
        fieldwork.stats({ level: 'county' }),
        fieldwork.stats({ level: 'county', from: '2015-04-20', to: '2015-04-30' }),
        ...townships.map((township) => fieldwork.stats({ level: 'township', code: township.code })),
        ...villages.map((village) => fieldwork.stats({ level: 'village', code: village.code })),
        ...grids.map((grid) => fieldwork.stats({ level: 'grid', code: grid.code })),
      ]),
    };
  }
  return answers;
}
