import { CheckCircleFilled, EditOutlined, TeamOutlined, WarningFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Popover, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { PLAN_CHANGE_LABELS } from '#common/contracts/plans.ts';
import type { Unit } from '#common/contracts/units.ts';
import { DEADLINE_KIND_LABELS, type Deadline } from '#common/domain/deadline.ts';
import { api } from '../../lib/api.ts';
import { fmtDate } from '../tasks/tasks-api.ts';
import type { EffectiveRow, Party, ReviewedIssue } from './plans-api.ts';

const AMBER_BG = '#fff7e6';
const AMBER = '#d48806';
const ERROR_BG = '#fff1f0';

const clamp = (rows: number): React.CSSProperties => ({
  display: '-webkit-box',
  WebkitLineClamp: rows,
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
  whiteSpace: 'pre-line',
  overflowWrap: 'anywhere',
});
const small: React.CSSProperties = { fontSize: 12, lineHeight: 1.45 };

export const STATUS_TAGS = {
  new: { color: 'green', label: 'Mới' },
  changed: { color: 'orange', label: 'Thay đổi' },
  unchanged: { color: 'default', label: 'Không đổi' },
} as const;

/** The issues of one cell, as its tooltip lists them. */
function IssueTip({ issues, children }: { issues: ReviewedIssue[]; children: ReactNode }) {
  if (!issues.length) return <>{children}</>;
  return (
    <Tooltip
      placement="topLeft"
      styles={{ root: { maxWidth: 460 } }}
      title={
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {issues.map((i) => (
            <li key={i.message}>{i.message}</li>
          ))}
        </ul>
      }
    >
      <div data-testid="issue-tip">{children}</div>
    </Tooltip>
  );
}

function UnitLabel({ id }: { id: string }) {
  const unit = useQuery({
    queryKey: ['units', 'one', id],
    queryFn: () => api<Unit>(`/api/units/${id}`),
    meta: { silent: true },
    staleTime: 10 * 60_000,
  });
  return <>{unit.data?.name ?? '…'}</>;
}

/** A support the row also names as lead: the commit keeps only the lead role (plans.service targetOf). */
function AlsoLead() {
  return (
    <Typography.Text type="secondary" style={small}>
      {' '}
      · đã là chủ trì
    </Typography.Text>
  );
}

function PartyLine({ party, onMap, alsoLead }: { party: Party; onMap: (party: Party) => void; alsoLead?: boolean }) {
  const group = party.kind === 'group' && <TeamOutlined style={{ color: '#8c8c8c', marginRight: 4 }} title="Nhóm đơn vị" />;
  if (party.kind === 'unknown') {
    return (
      <div data-testid="unknown-name" style={{ color: AMBER }}>
        <WarningFilled style={{ marginRight: 4 }} />
        <span style={{ overflowWrap: 'anywhere' }}>{party.text}</span>{' '}
        <Button
          type="link"
          size="small"
          style={{ padding: 0, height: 'auto', fontSize: 12 }}
          onClick={() => onMap(party)}
          data-testid="map-unit"
        >
          Gán đơn vị
        </Button>
      </div>
    );
  }
  const name = party.name ?? (party.kind === 'unit' && party.id ? <UnitLabel id={party.id} /> : party.text);
  if (party.mapping) {
    return (
      <div data-testid="mapped-name">
        <CheckCircleFilled style={{ color: '#52c41a', marginRight: 4 }} />
        {group}
        {name}{' '}
        <Typography.Text type="secondary" style={small}>
          (trong tệp: “{party.text}”)
        </Typography.Text>{' '}
        <Button type="link" size="small" style={{ padding: 0, height: 'auto', fontSize: 12 }} onClick={() => onMap(party)}>
          đổi
        </Button>
        {alsoLead && <AlsoLead />}
      </div>
    );
  }
  if (party.uncertain) {
    return (
      <div data-testid="uncertain-name">
        <Tooltip title={`Trong tệp: “${party.text}”, khớp ${Math.round(party.confidence * 100)}%`}>
          <span style={{ color: AMBER }}>≈ </span>
          {group}
          {name}
        </Tooltip>{' '}
        <Button type="link" size="small" style={{ padding: 0, height: 'auto', fontSize: 12 }} onClick={() => onMap(party)}>
          gán
        </Button>
        {alsoLead && <AlsoLead />}
      </div>
    );
  }
  return (
    <div>
      {group}
      {name}
      {alsoLead && <AlsoLead />}
    </div>
  );
}

const MAX_PARTIES = 4;

function PartiesCell({ parties, leads, onMap }: { parties: Party[]; leads?: Party[]; onMap: (party: Party) => void }) {
  const isLead = (p: Party) => Boolean(leads?.some((l) => l.kind === p.kind && l.id !== null && l.id === p.id));
  if (!parties.length) return <Typography.Text type="secondary">—</Typography.Text>;
  // Names that need the person come first; long lists of known units fold into "+N".
  const needs = parties.filter((p) => p.kind === 'unknown' || p.uncertain || p.mapping);
  const rest = parties.filter((p) => !needs.includes(p));
  const shown = [...needs, ...rest.slice(0, Math.max(0, MAX_PARTIES - needs.length))];
  const hidden = parties.filter((p) => !shown.includes(p));
  return (
    <div style={small}>
      {shown.map((p) => (
        <PartyLine key={`${p.kind}|${p.id ?? p.text}`} party={p} onMap={onMap} alsoLead={isLead(p)} />
      ))}
      {hidden.length > 0 && (
        <Tooltip title={hidden.map((p) => p.name ?? p.text).join('; ')}>
          <Typography.Text type="secondary">+{hidden.length} đơn vị khác</Typography.Text>
        </Tooltip>
      )}
    </div>
  );
}

function DeadlineView({ deadline }: { deadline: Deadline | null }) {
  if (!deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  if (deadline.kind === 'unparsed') {
    return (
      <span style={{ ...small, color: AMBER }}>
        <WarningFilled /> {deadline.text || '(trống)'}
      </span>
    );
  }
  return (
    <div style={small}>
      <div style={clamp(2)} title={deadline.text}>
        {deadline.text}
      </div>
      <Typography.Text type={deadline.needsReview ? 'warning' : 'success'} style={small} data-testid="deadline-due">
        {deadline.due ? `→ ${fmtDate(deadline.due)}` : DEADLINE_KIND_LABELS[deadline.kind]}
      </Typography.Text>
    </div>
  );
}

function ChangesView({ row }: { row: EffectiveRow }) {
  const changes = row.row.match.changes;
  if (!changes.length) return null;
  const list = (limit: number) => (
    <ul style={{ margin: 0, paddingLeft: 14, ...small }}>
      {changes.slice(0, limit).map((c) => (
        <li key={c.field}>
          <b>{PLAN_CHANGE_LABELS[c.field] ?? c.field}:</b>{' '}
          <span style={{ textDecoration: 'line-through', color: '#8c8c8c' }}>{c.before || '(trống)'}</span> → {c.after || '(trống)'}
        </li>
      ))}
    </ul>
  );
  return (
    <Popover title="Thay đổi so với nhiệm vụ đã có" content={<div style={{ maxWidth: 480 }}>{list(changes.length)}</div>}>
      <div style={{ ...clamp(4), whiteSpace: 'normal', cursor: 'help' }} data-testid="row-changes">
        {list(3)}
      </div>
    </Popover>
  );
}

interface Props {
  rows: EffectiveRow[];
  errors: ReadonlyMap<number, string[]>;
  onEdit: (row: number) => void;
  onMap: (party: Party, row: number) => void;
}

/** The rows of one appendix: a compact table, each uncertain cell tinted amber with its reasons. */
export function PreviewTable({ rows, errors, onEdit, onMap }: Props) {
  const cell = (field: string) => (r: EffectiveRow) => {
    const open = r.open.some((i) => i.field === field);
    const error = errors.has(r.row.row);
    return {
      'data-field': field,
      'data-issue': open ? 'open' : undefined,
      style: {
        verticalAlign: 'top',
        ...(r.skip ? { color: '#bfbfbf' } : {}),
        ...(error ? { background: ERROR_BG } : open ? { background: AMBER_BG, boxShadow: `inset 3px 0 0 ${AMBER}` } : {}),
      },
    } as React.HTMLAttributes<HTMLElement>;
  };
  const issuesOf = (r: EffectiveRow, field: string) => r.open.filter((i) => i.field === field);

  const columns: TableColumnsType<EffectiveRow> = [
    {
      title: 'Mã',
      key: 'code',
      width: 60,
      fixed: 'left',
      onCell: cell('code'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'code')}>
          <span style={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{r.row.code || '—'}</span>
        </IssueTip>
      ),
    },
    {
      title: 'Nội dung',
      key: 'content',
      onCell: cell('content'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'content')}>
          <div style={{ ...clamp(4), fontSize: 13 }} title={r.content}>
            {r.content}
          </div>
          {r.review?.content !== undefined && <Tag style={{ marginTop: 2 }}>đã sửa</Tag>}
        </IssueTip>
      ),
    },
    {
      title: 'Chủ trì',
      key: 'lead',
      width: 134,
      onCell: cell('lead'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'lead')}>
          <PartiesCell parties={r.leads} onMap={(p) => onMap(p, r.row.row)} />
        </IssueTip>
      ),
    },
    {
      title: 'Phối hợp',
      key: 'support',
      width: 134,
      onCell: cell('support'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'support')}>
          <PartiesCell parties={r.supports} leads={r.leads} onMap={(p) => onMap(p, r.row.row)} />
        </IssueTip>
      ),
    },
    {
      title: 'Sản phẩm',
      key: 'deliverable',
      width: 128,
      onCell: cell('deliverable'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'deliverable')}>
          <div style={{ ...clamp(3), ...small }} title={r.row.deliverable}>
            {r.row.deliverable || '—'}
          </div>
        </IssueTip>
      ),
    },
    {
      title: 'Thời hạn',
      key: 'deadline',
      width: 100,
      onCell: cell('deadline'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'deadline')}>
          <DeadlineView deadline={r.deadline} />
        </IssueTip>
      ),
    },
    {
      title: 'Tiến độ điều chỉnh',
      key: 'adjusted',
      width: 96,
      onCell: cell('adjusted'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'adjusted')}>
          <DeadlineView deadline={r.adjusted} />
        </IssueTip>
      ),
    },
    {
      title: 'Văn bản giao',
      key: 'documents',
      width: 98,
      onCell: cell('documents'),
      render: (_, r) => (
        <IssueTip issues={issuesOf(r, 'documents')}>
          <div style={small}>
            {r.row.documents.length
              ? r.row.documents.map((d) => (
                  <div key={d.symbol} style={{ whiteSpace: 'nowrap' }}>
                    {d.symbol}{' '}
                    {d.stub && (
                      <Tooltip title="Chưa có trong hệ thống: khi ghi sẽ tạo văn bản này (chưa có trích yếu) để bổ sung sau">
                        <Tag color="blue" style={{ fontSize: 11, lineHeight: '16px', marginInlineEnd: 0 }}>
                          mới
                        </Tag>
                      </Tooltip>
                    )}
                  </div>
                ))
              : '—'}
          </div>
        </IssueTip>
      ),
    },
    {
      title: 'Trạng thái',
      key: 'status',
      width: 104,
      onCell: cell('status'),
      render: (_, r) => {
        const tag = STATUS_TAGS[r.row.status];
        const rowErrors = errors.get(r.row.row);
        return (
          <div style={small}>
            {r.skip ? <Tag>Bỏ qua</Tag> : <Tag color={tag.color}>{tag.label}</Tag>}
            {!r.skip && <ChangesView row={r} />}
            {rowErrors && (
              <div style={{ color: '#cf1322', marginTop: 4 }} data-testid="row-error">
                {rowErrors.join('; ')}
              </div>
            )}
          </div>
        );
      },
    },
    {
      title: '',
      key: 'edit',
      width: 36,
      fixed: 'right',
      onCell: (r) => ({ style: { verticalAlign: 'top', ...(errors.has(r.row.row) ? { background: ERROR_BG } : {}) } }),
      render: (_, r) => (
        <Tooltip title="Sửa dòng này">
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={`Sửa dòng ${r.row.code}`}
            onClick={() => onEdit(r.row.row)}
            data-testid="row-edit"
          />
        </Tooltip>
      ),
    },
  ];

  return (
    <Table<EffectiveRow>
      rowKey={(r) => r.row.row}
      size="small"
      columns={columns}
      dataSource={rows}
      scroll={{ x: 1080 }}
      pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false, showTotal: (n) => `${n} dòng` } : false}
      onRow={(r) => ({ 'data-testid': 'import-row', 'data-code': r.row.code }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: 'Không có dòng nào phù hợp' }}
    />
  );
}
