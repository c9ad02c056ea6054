// Open311 GeoReport v2 views of the ledger: service list, and problems as service requests.
import type { IssueView } from '../store/store.ts';
import type { IssueStage } from './types.ts';
import { ledgerTimestamp } from './issueCsv.ts';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

const SERVICE_LIST: ReadonlyArray<[code: string, category: string, description: string]> = [
  ['sanitation', '环境卫生', 'Refuse, sewage, littering and public toilets'],
  ['dispute', '矛盾纠纷', 'Disputes between neighbours, over land or wages'],
  ['roads', '道路交通', 'Street lights, potholes, manholes, signs and bridges'],
  ['safety', '治安隐患', 'Fire, electrical and public-safety hazards'],
  ['welfare', '民生服务', 'Welfare, health insurance, care and water supply'],
  ['agriculture', '农业农村', 'Irrigation, farm subsidies, pests and livestock'],
  ['housing', '住房建设', 'Housing repair, illegal building and property management'],
  ['other', '其他', 'Anything else'],
];

export const OPEN311_SERVICES: readonly Open311Service[] = SERVICE_LIST.map(([code, category, description]) => ({
  service_code: code, service_name: category, description, metadata: false, type: 'realtime', keywords: category, group: '民情问题',
}));

export function serviceByCode(code: string): Open311Service | undefined {
  return OPEN311_SERVICES.find((service) => service.service_code === code);
}

export function serviceCodeOf(category: string): string {
  return OPEN311_SERVICES.find((service) => service.service_name === category)?.service_code ?? 'other';
}

const STAGE_NOTES: Record<IssueStage, string> = {
  reported: 'Reported (采集), awaiting acceptance.',
  accepted: 'Accepted (立案), awaiting dispatch to a responsible unit.',
  rejected: 'Rejected (注销) without handling.',
  dispatched: 'Dispatched (派遣) to the responsible unit.',
  in_progress: 'In progress.',
  handled: 'Handled (反馈), awaiting on-site verification.',
  verified: 'Verified on site (核查), awaiting the resident\u2019s evaluation.',
  closed: 'Closed (结案).',
};

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
  media_url: string;
}

/** One problem as a GeoReport request; `updatedAt` is the time of its latest ledger entry. */
export function open311Request(issue: IssueView, updatedAt: string, mediaUrl = ''): Open311Request {
  const overdue = issue.overdue ? ' Past its deadline.' : '';
  return {
    service_request_id: String(issue.id),
    status: issue.status,
    status_notes: `${STAGE_NOTES[issue.stage]}${overdue}`,
    service_name: issue.category,
    service_code: serviceCodeOf(issue.category),
    description: issue.title,
    agency_responsible: issue.responsibleUnit ?? '',
    service_notice: '',
    requested_datetime: ledgerTimestamp(issue.reportedAt),
    updated_datetime: ledgerTimestamp(updatedAt),
    expected_datetime: ledgerTimestamp(issue.deadlineAt),
    address: '',
    address_id: '',
    zipcode: '',
    lat: issue.lat,
    long: issue.lon,
    media_url: mediaUrl,
  };
}
