/** Kinds of unit in a province (issue "Foundation", §3). */
export const UNIT_KINDS = [
  'province',
  'party',
  'council',
  'committee',
  'department',
  'board',
  'sector',
  'commune',
  'ward',
  'university',
  'enterprise',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  province: 'Tỉnh',
  party: 'Cơ quan Đảng',
  council: 'Cơ quan HĐND, Đoàn ĐBQH',
  committee: 'Cơ quan UBND tỉnh',
  department: 'Sở',
  board: 'Ban',
  sector: 'Cơ quan ngành dọc (Công an, Thuế, Thống kê…)',
  commune: 'Xã',
  ward: 'Phường',
  university: 'Đại học, trường',
  enterprise: 'Doanh nghiệp',
  other: 'Đơn vị khác',
};
