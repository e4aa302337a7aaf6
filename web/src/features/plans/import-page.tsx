import { CheckOutlined, DeleteOutlined, LinkOutlined, ReloadOutlined, UnorderedListOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Flex,
  Input,
  Popconfirm,
  Result,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { PlanImportPreview, PlanImportResult } from '#common/contracts/plans.ts';
import { searchWords } from '#common/domain/text.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ApiError } from '../../lib/api.ts';
import { showError, showSuccess } from '../../lib/feedback.ts';
import { vnDate } from '../documents/documents-api.ts';
import { MapNameModal, useGroups } from './map-name-modal.tsx';
import {
  commitBody,
  commitImport,
  discardImport,
  type EffectiveRow,
  EMPTY_REVIEW,
  effectiveRow,
  type FileName,
  fetchImport,
  importKey,
  type NameMapping,
  nameKey,
  namesToMap,
  type Party,
  type Review,
  type RowReview,
  rowsOfDetails,
} from './plans-api.ts';
import { PreviewTable } from './preview-table.tsx';
import { RowDrawer } from './row-drawer.tsx';
import { UploadForm, type UploadValues } from './upload-form.tsx';

type Filter = 'all' | 'open' | 'new' | 'changed' | 'unchanged' | 'errors';

const PAGE_WIDTH: React.CSSProperties = { maxWidth: 1600 };

// ---------------------------------------------------------------------------------------------
// The review survives a reload of the page (sessionStorage, per import)

const storageKey = (id: string) => `plan-import-review:${id}`;

function loadReview(id: string): Review {
  try {
    const raw = sessionStorage.getItem(storageKey(id));
    if (!raw) return EMPTY_REVIEW;
    const parsed = JSON.parse(raw) as { mappings: [string, NameMapping][]; rows: [number, RowReview][] };
    return { mappings: new Map(parsed.mappings), rows: new Map(parsed.rows) };
  } catch {
    return EMPTY_REVIEW;
  }
}

function saveReview(id: string, review: Review) {
  try {
    sessionStorage.setItem(storageKey(id), JSON.stringify({ mappings: [...review.mappings], rows: [...review.rows] }));
  } catch {
    // storage full or denied: the review stays in memory
  }
}

export function resultText(r: PlanImportResult): string {
  const extra = [r.skipped ? `bỏ qua ${r.skipped} dòng` : '', r.adjustments ? `ghi nhận ${r.adjustments} điều chỉnh thời hạn` : '']
    .filter(Boolean)
    .join(', ');
  return `Đã tạo ${r.created} nhiệm vụ, cập nhật ${r.updated}, không đổi ${r.unchanged}; đề xuất ${r.linksProposed} liên kết${extra ? `; ${extra}` : ''}.`;
}

function PlanFacts({ preview }: { preview: PlanImportPreview }) {
  const d = preview.document;
  return (
    <div data-testid="import-plan">
      <Flex gap={8} wrap align="baseline">
        <Typography.Text strong style={{ fontSize: 16 }}>
          Kế hoạch {d.symbol || '(chưa có số, ký hiệu)'}
          {d.issuedOn ? ` ngày ${vnDate(d.issuedOn)}` : ' (chưa có ngày ban hành)'}
        </Typography.Text>
        {d.documentId ? (
          <Link to={`/documents/${d.documentId}`}>
            <Tag color="blue">Đã có trong hệ thống: nhiệm vụ được đối chiếu và cập nhật</Tag>
          </Link>
        ) : (
          <Tag color="green">Kế hoạch mới: văn bản được tạo khi ghi</Tag>
        )}
        <Typography.Text type="secondary">
          Tệp {preview.fileName} ({preview.format === 'text' ? 'văn bản' : preview.format.toUpperCase()})
        </Typography.Text>
      </Flex>
      {d.title && (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d.title }} style={{ margin: '4px 0 0' }}>
          {d.title}
        </Typography.Paragraph>
      )}
    </div>
  );
}

function Summary({ preview, rows }: { preview: PlanImportPreview; rows: EffectiveRow[] }) {
  const s = preview.summary;
  const open = rows.filter((r) => r.open.length > 0).length;
  const skipped = rows.filter((r) => r.skip).length;
  const items: [string, number, string?][] = [
    ['Số dòng', s.rows],
    ['Mới', s.new, '#389e0d'],
    ['Thay đổi', s.changed, '#d46b08'],
    ['Không đổi', s.unchanged],
    ['Có ô cần kiểm tra', s.issues, '#d48806'],
    ['Còn cần xem', open, open ? '#d48806' : '#389e0d'],
  ];
  if (skipped) items.push(['Bỏ qua', skipped]);
  return (
    <Flex gap={28} wrap data-testid="import-summary">
      {items.map(([label, value, color]) => (
        <Statistic key={label} title={label} value={value} styles={{ content: { color, fontSize: 22 } }} />
      ))}
    </Flex>
  );
}

function NamesPanel({ names, review, onMap }: { names: FileName[]; review: Review; onMap: (name: FileName) => void }) {
  if (!names.length) return null;
  const unknown = names.filter((n) => n.kind === 'unknown');
  const mappedUnknown = unknown.filter((n) => review.mappings.has(n.key)).length;
  return (
    <Card size="small" title="Tên đơn vị cần xác nhận" data-testid="import-names" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {unknown.length ? `${unknown.length} tên chưa nhận ra (đã gán ${mappedUnknown}); ` : ''}
        các tên còn lại được hiểu gần đúng. Gán một lần, mọi dòng cùng tên theo; tên đã gán được lưu làm tên gọi khác của đơn vị.
      </Typography.Paragraph>
      <Flex gap={8} wrap>
        {names.map((n) => {
          const mapping = review.mappings.get(n.key);
          return (
            <Tag
              key={n.key}
              color={mapping ? 'green' : n.kind === 'unknown' ? 'warning' : 'default'}
              style={{ padding: '2px 8px', cursor: 'pointer', whiteSpace: 'normal' }}
              onClick={() => onMap(n)}
              data-testid="name-chip"
            >
              {n.kind === 'unknown' && !mapping ? '⚠ ' : ''}
              {n.text}
              {mapping ? ` → ${mapping.name}` : n.readAs ? ` ≈ ${n.readAs}` : ''} · {n.rows.length} dòng
            </Tag>
          );
        })}
      </Flex>
    </Card>
  );
}

function Warnings({ preview }: { preview: PlanImportPreview }) {
  if (!preview.warnings.length) return null;
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 16, background: '#fffbe6' }}
      data-testid="import-warnings"
      items={[
        {
          key: 'w',
          label: `${preview.warnings.length} lưu ý về tệp (không thuộc dòng nhiệm vụ nào)`,
          children: (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {preview.warnings.map((w) => (
                <li key={`${w.appendix}|${w.line}|${w.message}`}>
                  {w.line > 0 && <Typography.Text type="secondary">Dòng {w.line}: </Typography.Text>}
                  {w.message}
                </li>
              ))}
            </ul>
          ),
        },
      ]}
      defaultActiveKey={preview.warnings.length <= 3 ? ['w'] : []}
    />
  );
}

function Committed({ preview, result }: { preview: PlanImportPreview; result: PlanImportResult }) {
  const navigate = useNavigate();
  return (
    <Card>
      <Result
        status="success"
        title="Đã ghi kế hoạch vào hệ thống"
        subTitle={
          <span data-testid="import-result">
            {resultText(result)}
            <br />
            {preview.document.symbol}
            {preview.document.issuedOn ? ` ngày ${vnDate(preview.document.issuedOn)}` : ''} · {preview.fileName}
          </span>
        }
        extra={[
          <Button
            key="tasks"
            type="primary"
            icon={<UnorderedListOutlined />}
            onClick={() => navigate(`/tasks?documentId=${result.documentId}`)}
            data-testid="import-open-tasks"
          >
            Xem nhiệm vụ của kế hoạch
          </Button>,
          <Button key="links" icon={<LinkOutlined />} onClick={() => navigate('/links')} data-testid="import-open-links">
            Xem đề xuất liên kết ({result.linksProposed})
          </Button>,
          <Button key="again" icon={<UploadOutlined />} onClick={() => navigate('/imports')}>
            Nhập kế hoạch khác
          </Button>,
        ]}
      />
    </Card>
  );
}

/** What the upload form starts from when the person uploads the file again (navigation state: plain values). */
type Restart = { symbol: string; issuedOn: string | null; title: string };

function PreviewView({ preview, onRestart }: { preview: PlanImportPreview; onRestart: (values: Restart) => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const groups = useGroups();
  const [review, setReview] = useState<Review>(() => loadReview(preview.id));
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const [mapping, setMapping] = useState<FileName | null>(null);
  const [errors, setErrors] = useState<ReadonlyMap<number, string[]>>(new Map());
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState<'commit' | 'discard' | 'reload' | null>(null);
  const documentDate = preview.document.issuedOn;

  useEffect(() => saveReview(preview.id, review), [preview.id, review]);

  const groupList = groups.data;
  const rows = useMemo(() => {
    // Names of units and groups chosen in a drawer: the groups list, and units the pickers loaded.
    const nameOf = (kind: 'unit' | 'group', id: string) =>
      kind === 'group'
        ? groupList?.find((g) => g.id === id)?.phrase
        : queryClient.getQueryData<{ name: string }>(['units', 'one', id])?.name;
    return preview.rows.map((r) => effectiveRow(r, review, documentDate, nameOf));
  }, [preview.rows, review, documentDate, groupList, queryClient]);
  const names = useMemo(() => namesToMap(preview.rows), [preview.rows]);
  const appendices = useMemo(() => [...new Set(preview.rows.map((r) => r.appendix))], [preview.rows]);

  const words = searchWords(search);
  const visible = rows.filter((r) => {
    if (filter === 'open' && !r.open.length) return false;
    if (filter === 'errors' && !errors.has(r.row.row)) return false;
    if ((filter === 'new' || filter === 'changed' || filter === 'unchanged') && r.row.status !== filter) return false;
    if (!words.length) return true;
    const hay = searchWords([r.row.code, r.content, r.row.leadText, r.row.supportText, r.row.deliverable].join(' ')).join(' ');
    return words.every((w) => hay.includes(w));
  });
  const openCount = rows.filter((r) => r.open.length > 0).length;

  const setRow = (row: number, next: RowReview | null) =>
    setReview((prev) => {
      const rowsNext = new Map(prev.rows);
      if (next) rowsNext.set(row, next);
      else rowsNext.delete(row);
      return { ...prev, rows: rowsNext };
    });
  const setMappingFor = (name: FileName, m: NameMapping | null) =>
    setReview((prev) => {
      const mappings = new Map(prev.mappings);
      if (m) mappings.set(name.key, m);
      else mappings.delete(name.key);
      return { ...prev, mappings };
    });
  const openMapping = (party: Party) => {
    const key = nameKey(party.text);
    const found = names.find((n) => n.key === key);
    if (found) setMapping(found);
  };

  const reload = async () => {
    setBusy('reload');
    try {
      await queryClient.invalidateQueries({ queryKey: importKey(preview.id) });
      setConflict(null);
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    setBusy('commit');
    setErrors(new Map());
    setConflict(null);
    try {
      const result = await commitImport(preview.id, commitBody(preview.version, review));
      sessionStorage.removeItem(storageKey(preview.id));
      queryClient.setQueryData<PlanImportPreview>(importKey(preview.id), { ...preview, state: 'committed', result });
      await Promise.all(
        [['tasks'], ['documents'], ['task-links'], ['units'], ['unit-groups'], ['my-work']].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
      showSuccess(resultText(result));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setConflict(error.message);
      } else if (error instanceof ApiError && error.details.length) {
        const byRow = rowsOfDetails(error.details);
        if (byRow.size) {
          setErrors(byRow);
          setFilter('errors');
        }
        showError(
          error,
          error.details.filter((d) => !/rows\.\d+/.test(d.field)),
        );
      } else {
        showError(error);
      }
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    setBusy('discard');
    try {
      await discardImport(preview.id, preview.version);
      sessionStorage.removeItem(storageKey(preview.id));
      queryClient.removeQueries({ queryKey: importKey(preview.id) });
      showSuccess('Đã hủy bản nháp; không có gì được ghi.');
      navigate('/imports');
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setConflict(error.message);
      else showError(error);
    } finally {
      setBusy(null);
    }
  };

  const editingRow = editing === null ? null : (rows.find((r) => r.row.row === editing) ?? null);
  const active = rows.filter((r) => !r.skip).length;

  return (
    <div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ flex: '1 1 640px', minWidth: 0 }}>
            <PlanFacts preview={preview} />
          </div>
          <Space wrap>
            <Popconfirm
              title="Hủy bản nháp này?"
              description="Không có gì được ghi; muốn nhập lại thì tải tệp lên lần nữa."
              okText="Hủy bản nháp"
              cancelText="Không"
              onConfirm={discard}
            >
              <Button danger icon={<DeleteOutlined />} loading={busy === 'discard'} data-testid="import-discard">
                Hủy bản nháp
              </Button>
            </Popconfirm>
            <Popconfirm
              title={`Ghi ${active} dòng vào hệ thống?`}
              description={
                openCount
                  ? `Còn ${openCount} dòng có ô cần xem; chúng được ghi như đang hiển thị.`
                  : 'Nhiệm vụ mới được tạo, nhiệm vụ đã có được cập nhật, trong một lần ghi.'
              }
              okText="Ghi vào hệ thống"
              cancelText="Xem lại"
              onConfirm={commit}
              okButtonProps={{ 'data-testid': 'import-commit-ok' } as React.ComponentProps<typeof Button>}
            >
              <Button type="primary" icon={<CheckOutlined />} loading={busy === 'commit'} data-testid="import-commit">
                Ghi vào hệ thống
              </Button>
            </Popconfirm>
          </Space>
        </Flex>
        <div style={{ marginTop: 8 }}>
          <Summary preview={preview} rows={rows} />
        </div>
      </Card>

      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={conflict}
          data-testid="import-conflict"
          action={
            <Space orientation="vertical">
              <Button size="small" icon={<ReloadOutlined />} loading={busy === 'reload'} onClick={reload} data-testid="import-reload">
                Tải lại
              </Button>
              <Button
                size="small"
                onClick={() =>
                  onRestart({
                    symbol: preview.document.symbol,
                    issuedOn: preview.document.issuedOn,
                    title: preview.document.title,
                  })
                }
              >
                Tải tệp lên lại
              </Button>
            </Space>
          }
        />
      )}
      {errors.size > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Chưa ghi được: ${errors.size} dòng cần sửa (tô đỏ). Sửa các dòng đó (hoặc bỏ qua) rồi ghi lại.`}
          data-testid="import-row-errors"
        />
      )}

      <NamesPanel names={names} review={review} onMap={setMapping} />
      <Warnings preview={preview} />

      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          data-testid="import-filter"
          options={[
            { value: 'all', label: `Tất cả (${rows.length})` },
            { value: 'open', label: `Cần xem (${openCount})` },
            { value: 'new', label: `Mới (${preview.summary.new})` },
            { value: 'changed', label: `Thay đổi (${preview.summary.changed})` },
            { value: 'unchanged', label: `Không đổi (${preview.summary.unchanged})` },
            ...(errors.size ? [{ value: 'errors' as const, label: `Lỗi khi ghi (${errors.size})` }] : []),
          ]}
        />
        <Input.Search
          allowClear
          placeholder="Tìm mã, nội dung, đơn vị (không dấu cũng được)"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 340 }}
          aria-label="Tìm dòng"
        />
      </Flex>

      {appendices.map((appendix) => {
        const inAppendix = visible.filter((r) => r.row.appendix === appendix);
        const total = rows.filter((r) => r.row.appendix === appendix).length;
        if (!inAppendix.length && filter !== 'all') return null;
        return (
          <Card
            key={appendix || 'table'}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid="import-appendix"
            title={
              <Typography.Text strong ellipsis={{ tooltip: appendix }} style={{ maxWidth: '100%' }}>
                {appendix || 'Bảng nhiệm vụ'}
              </Typography.Text>
            }
            extra={
              <Typography.Text type="secondary">
                {inAppendix.length === total ? `${total} dòng` : `${inAppendix.length}/${total} dòng`}
              </Typography.Text>
            }
            styles={{ body: { padding: 0 } }}
          >
            <PreviewTable rows={inAppendix} errors={errors} onEdit={setEditing} onMap={(party) => openMapping(party)} />
          </Card>
        );
      })}

      <RowDrawer
        row={editingRow}
        documentDate={documentDate}
        onClose={() => setEditing(null)}
        onSave={(next) => {
          if (editing !== null) setRow(editing, next);
          if (editing !== null && errors.has(editing)) {
            const rest = new Map(errors);
            rest.delete(editing);
            setErrors(rest);
          }
          setEditing(null);
        }}
      />
      <MapNameModal
        name={mapping}
        current={mapping ? (review.mappings.get(mapping.key) ?? null) : null}
        onClose={() => setMapping(null)}
        onMap={(m) => {
          if (mapping) setMappingFor(mapping, m);
          setMapping(null);
        }}
      />
    </div>
  );
}

/**
 * "Nhập kế hoạch" (issue 4 §5): upload an appendix, review the preview (every uncertain cell
 * flagged, names mapped, rows edited or skipped), then one commit writes it all. The preview
 * lives at /imports/:id, so a reload or a link keeps it.
 */
export default function ImportPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const restart = useLocation().state as Restart | null;
  const initial: Partial<UploadValues> | undefined = restart
    ? { symbol: restart.symbol, title: restart.title, issuedOn: restart.issuedOn ? dayjs(restart.issuedOn) : null }
    : undefined;
  const preview = useQuery({
    queryKey: importKey(id ?? ''),
    queryFn: () => fetchImport(id ?? ''),
    enabled: Boolean(id),
    staleTime: Number.POSITIVE_INFINITY,
  });

  const header = (
    <PageHeader title="Nhập kế hoạch">
      <Typography.Text type="secondary">
        Phụ lục nhiệm vụ của kế hoạch (Word, Excel hoặc văn bản) thành nhiệm vụ: xem trước, sửa các ô chưa chắc chắn, rồi ghi một lần.
      </Typography.Text>
    </PageHeader>
  );

  if (!id) {
    return (
      <div style={PAGE_WIDTH}>
        {header}
        <UploadForm
          initial={initial}
          onPreview={(p) => {
            queryClient.setQueryData(importKey(p.id), p);
            navigate(`/imports/${p.id}`);
          }}
        />
      </div>
    );
  }
  if (preview.isPending) {
    return (
      <div style={PAGE_WIDTH}>
        {header}
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  }
  if (!preview.data) {
    return (
      <div style={PAGE_WIDTH}>
        {header}
        <Result
          status="warning"
          title="Không mở được bản nhập này"
          subTitle="Bản nhập không tồn tại hoặc bạn không có quyền xem."
          extra={<Button onClick={() => navigate('/imports')}>Nhập kế hoạch khác</Button>}
        />
      </div>
    );
  }
  const p = preview.data;
  return (
    <div style={PAGE_WIDTH}>
      {header}
      {p.state === 'committed' && p.result ? (
        <Committed preview={p} result={p.result} />
      ) : p.state === 'discarded' ? (
        <Card>
          <Result
            status="info"
            title="Bản nháp này đã được hủy"
            subTitle="Không có gì được ghi. Muốn nhập kế hoạch, hãy tải tệp lên lại."
            extra={<Button onClick={() => navigate('/imports')}>Nhập kế hoạch</Button>}
          />
        </Card>
      ) : (
        <PreviewView
          key={p.id}
          preview={p}
          onRestart={(values) => {
            navigate('/imports', { state: values });
          }}
        />
      )}
    </div>
  );
}
