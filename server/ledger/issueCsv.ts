// The ledger export (民情台账): one row per problem, Chinese headers, times in China Standard Time.
import type { IssueView } from '../store/store.ts';
import { LEDGER_UTC_OFFSET_MS } from '../store/ledgerCalendar.ts';
import { formatCsv, textCell } from './csv.ts';

/** An instant as ISO 8601 in ledger time with its offset, e.g. 2015-04-30T20:00:00.000+08:00. */
export function ledgerTimestamp(iso: string): string {
  const local = new Date(Date.parse(iso) + LEDGER_UTC_OFFSET_MS).toISOString();
  return `${local.slice(0, -1)}+08:00`;
}

interface Column {
  header: string;
  value: (issue: IssueView) => string;
}

const optionalTime = (value: string | null) => (value === null ? '' : ledgerTimestamp(value));
const flag = (value: boolean) => (value ? '是' : '否');

/** Machine values (tier, status, stage, satisfaction codes) are kept as the API spells them. */
export const ISSUE_CSV_COLUMNS: readonly Column[] = [
  { header: '编号', value: (issue) => String(issue.id) },
  { header: '标题', value: (issue) => textCell(issue.title) },
  { header: '类别', value: (issue) => textCell(issue.category) },
  { header: '等级', value: (issue) => issue.tier },
  { header: '状态', value: (issue) => issue.status },
  { header: '阶段', value: (issue) => issue.stage },
  { header: '乡镇代码', value: (issue) => issue.townshipCode },
  { header: '村社区代码', value: (issue) => issue.villageCode },
  { header: '网格代码', value: (issue) => issue.gridCode },
  { header: '经度', value: (issue) => String(issue.lon) },
  { header: '纬度', value: (issue) => String(issue.lat) },
  { header: '上报时间', value: (issue) => ledgerTimestamp(issue.reportedAt) },
  { header: '办理期限', value: (issue) => ledgerTimestamp(issue.deadlineAt) },
  { header: '结案时间', value: (issue) => optionalTime(issue.closedAt) },
  { header: '满意度', value: (issue) => issue.satisfaction ?? '' },
  { header: '责任单位', value: (issue) => textCell(issue.responsibleUnit ?? '') },
  { header: '挂账', value: (issue) => flag(issue.longTerm) },
  { header: '返工次数', value: (issue) => String(issue.reworkCount) },
  { header: '延期次数', value: (issue) => String(issue.extensionCount) },
  { header: '超期', value: (issue) => flag(issue.overdue) },
  { header: '合成数据', value: (issue) => flag(issue.synthetic) },
];

export function issuesCsv(issues: readonly IssueView[]): string {
  return formatCsv(
    ISSUE_CSV_COLUMNS.map((column) => column.header),
    issues.map((issue) => ISSUE_CSV_COLUMNS.map((column) => column.value(issue))),
  );
}
