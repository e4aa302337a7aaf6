import { FileExcelOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, Select, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { IndicatorSummary } from '#common/contracts/indicators.ts';
import {
  INDICATOR_GROUP_LABELS,
  INDICATOR_GROUPS,
  type IndicatorGroup,
  TRACK_STATUS_LABELS,
  TRACK_STATUSES,
  type TrackStatus,
} from '#common/domain/indicator.ts';
import { foldText, searchWords } from '#common/domain/text.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { EXPORT_HREF, fetchTargets, formatValue, STATUS_HEX, STATUS_TINT, targetsListKey } from './targets-api.ts';
import { TrackStatusTag } from './track-status-tag.tsx';
import './targets.css';
import { LoadFailed } from '../../components/results.tsx';

type Filters = { group?: IndicatorGroup; status?: TrackStatus; q: string };

const isGroup = (v: string | null): v is IndicatorGroup => INDICATOR_GROUPS.includes(v as IndicatorGroup);
const isStatus = (v: string | null): v is TrackStatus => TRACK_STATUSES.includes(v as TrackStatus);

/** The words a search matches: code, name, owner unit; folded once per list, not per keystroke. */
const haystack = (i: IndicatorSummary) => foldText(`${i.code} ${i.name} ${i.owner.name} ${i.owner.shortName}`);

function Tile({ indicator: i }: { indicator: IndicatorSummary }) {
  return (
    <Link to={`/targets/${i.id}`} className="targets-tile-link" aria-label={`${i.code} ${i.name}: ${TRACK_STATUS_LABELS[i.status]}`}>
      <Card
        size="small"
        hoverable
        data-testid={`tile-${i.code}`}
        data-status={i.status}
        style={{
          height: '100%',
          display: 'flex',
          flexDirection: 'column',
          borderLeft: `5px solid ${STATUS_HEX[i.status]}`,
          background: STATUS_TINT[i.status],
        }}
        styles={{ body: { flex: 1, display: 'flex', flexDirection: 'column', padding: '10px 12px' } }}
      >
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong style={{ color: '#0b5394' }}>
            {i.code}
          </Typography.Text>
          <TrackStatusTag status={i.status} />
        </Flex>
        <div className="targets-tile-name" title={i.name}>
          {i.name}
        </div>
        <div className="targets-tile-latest">
          {i.latest ? (
            <>
              <strong data-testid="latest-value">{formatValue(i.latest.value, i.measure, i.kind)}</strong>
              <span>{i.latest.periodLabel}</span>
            </>
          ) : (
            <span>Chưa có số liệu được duyệt</span>
          )}
        </div>
        <dl className="targets-tile-figures">
          <dt>Kỳ vọng theo lộ trình</dt>
          <dd>{formatValue(i.expected, i.measure, i.kind)}</dd>
          <dt>Dự báo 2030</dt>
          <dd>{formatValue(i.forecast, i.measure, i.kind)}</dd>
          <dt>Mục tiêu 2030</dt>
          <dd>{formatValue(i.target2030, i.measure, i.kind)}</dd>
        </dl>
      </Card>
    </Link>
  );
}

export default function TargetsPage() {
  const [params, setParams] = useSearchParams();
  const query = useQuery({ queryKey: targetsListKey, queryFn: fetchTargets });
  // The filters are React state (updates queue, a quick click after typing loses nothing) and are
  // mirrored in the address, so going back from an indicator finds the board as it was left.
  const [filters, setFilters] = useState<Filters>(() => {
    const group = params.get('group');
    const status = params.get('status');
    return { group: isGroup(group) ? group : undefined, status: isStatus(status) ? status : undefined, q: params.get('q') ?? '' };
  });
  const { group, status, q } = filters;
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((prev) => ({ ...prev, [key]: value }));

  useEffect(() => {
    const next = new URLSearchParams();
    if (group) next.set('group', group);
    if (status) next.set('status', status);
    if (q) next.set('q', q);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [group, status, q, params, setParams]);

  const indexed = useMemo(() => (query.data ?? []).map((i) => ({ i, text: haystack(i) })), [query.data]);
  // The summary counts what the group and search leave, so a click on a status narrows the same set.
  const scoped = useMemo(() => {
    const words = searchWords(q);
    return indexed.filter(({ i, text }) => (!group || i.group === group) && words.every((w) => text.includes(w))).map(({ i }) => i);
  }, [indexed, group, q]);
  const shown = status ? scoped.filter((i) => i.status === status) : scoped;
  const counts = useMemo(() => {
    const c: Record<TrackStatus, number> = { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 };
    for (const i of scoped) c[i.status]++;
    return c;
  }, [scoped]);

  const header = (
    <PageHeader
      title="Mục tiêu 2030"
      extra={
        <Button icon={<FileExcelOutlined />} href={EXPORT_HREF} download data-testid="targets-export">
          Tải XLSX
        </Button>
      }
    >
      <Typography.Text type="secondary">
        Chỉ tiêu của Đề án 002 đến năm 2030: số liệu đã duyệt mới nhất so với lộ trình kỳ vọng và dự báo đến 2030.
      </Typography.Text>
    </PageHeader>
  );

  if (query.isPending)
    return (
      <div>
        {header}
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  if (query.isError)
    return (
      <div>
        {header}
        <LoadFailed title="Không tải được danh sách chỉ tiêu" error={query.error} onRetry={() => query.refetch()} />
      </div>
    );

  return (
    <div data-testid="targets-page">
      {header}

      <div className="targets-summary" data-testid="targets-summary">
        {TRACK_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className="targets-summary-item"
            style={{ borderLeftColor: STATUS_HEX[s] }}
            aria-pressed={status === s}
            title={status === s ? 'Bỏ lọc theo trạng thái' : `Chỉ xem chỉ tiêu ${TRACK_STATUS_LABELS[s].toLowerCase()}`}
            onClick={() => set('status', status === s ? undefined : s)}
            data-testid={`summary-${s}`}
          >
            <div className="targets-summary-count">{counts[s]}</div>
            <div className="targets-summary-label">{TRACK_STATUS_LABELS[s]}</div>
          </button>
        ))}
      </div>

      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="Tất cả nhóm chỉ tiêu"
          value={group}
          onChange={(v?: IndicatorGroup) => set('group', v)}
          options={INDICATOR_GROUPS.map((g) => ({ value: g, label: INDICATOR_GROUP_LABELS[g] }))}
          style={{ width: 260 }}
          data-testid="targets-group"
        />
        <Select
          allowClear
          placeholder="Tất cả trạng thái"
          value={status}
          onChange={(v?: TrackStatus) => set('status', v)}
          options={TRACK_STATUSES.map((s) => ({ value: s, label: TRACK_STATUS_LABELS[s] }))}
          style={{ width: 210 }}
          data-testid="targets-status"
        />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder="Tìm theo mã, tên chỉ tiêu, đơn vị"
          value={q}
          onChange={(e) => set('q', e.target.value)}
          style={{ flex: '1 1 240px', maxWidth: 420 }}
          data-testid="targets-search"
        />
      </Flex>

      {shown.length === 0 ? (
        <Empty description={query.data.length ? 'Không có chỉ tiêu phù hợp với bộ lọc' : 'Chưa có chỉ tiêu nào trong phạm vi của bạn'} />
      ) : (
        INDICATOR_GROUPS.map((g) => {
          const items = shown.filter((i) => i.group === g);
          if (!items.length) return null;
          return (
            <section key={g} className="targets-group" data-testid={`group-${g}`}>
              <div className="targets-group-title">
                <h2 style={{ margin: 0, fontSize: 16, fontWeight: 600 }}>{INDICATOR_GROUP_LABELS[g]}</h2>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {items.length} chỉ tiêu
                </Typography.Text>
              </div>
              <div className="targets-grid">
                {items.map((i) => (
                  <Tile key={i.id} indicator={i} />
                ))}
              </div>
            </section>
          );
        })
      )}
    </div>
  );
}
