import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, InputNumber, Popconfirm, Row, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, type CalendarDay, type CalendarYear } from '#common/contracts/calendar.ts';
import { CALENDAR_DAY_KIND_LABELS, type CalendarDayKind } from '#common/domain/calendar.ts';
import { formatDate, vietnamDay, weekday } from '#common/domain/iso-date.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { feedback, showSuccess } from '../../lib/feedback.ts';
import { applyApiError, useSubmit } from '../../lib/forms.ts';
import { CalendarDayForm } from './calendar-day-form.tsx';
import { KIND_COLORS, sortDays, WEEKDAY_NAMES } from './calendar-days.ts';
import { MonthGrid } from './month-grid.tsx';
import './calendar.css';
import { ConflictAlert } from '../../components/conflict-alert.tsx';

const ddmmyyyy = (date: string) => date.split('-').reverse().join('/');

/**
 * "Lịch làm việc": the admins' list of days off and swapped working days, year by year
 * (DESIGN.md rule 4). Edits stay in the page until "Lưu" replaces the year's whole list.
 */
export default function CalendarPage() {
  const queryClient = useQueryClient();
  const today = vietnamDay();
  const [year, setYear] = useState(() => Number(today.slice(0, 4)));
  const [draft, setDraft] = useState<CalendarDay[] | null>(null);
  const [editing, setEditing] = useState<{ day: CalendarDay | null; date?: string } | null>(null);

  const key = ['calendar', year];
  const query = useQuery({ queryKey: key, queryFn: () => api<CalendarYear>(`/api/calendar/${year}`) });
  const stored = query.data;
  const days = draft ?? stored?.days ?? [];
  const dirty = draft !== null;

  const switchYear = (next: number | null) => {
    if (!next || next < CALENDAR_MIN_YEAR || next > CALENDAR_MAX_YEAR || next === year) return;
    const go = () => {
      setDraft(null);
      setConflict(false);
      setYear(next);
    };
    if (!dirty) return go();
    feedback.current?.modal.confirm({
      title: `Bỏ các thay đổi chưa lưu của năm ${year}?`,
      content: 'Danh sách đang sửa chưa được lưu. Chuyển năm sẽ bỏ các thay đổi này.',
      okText: 'Bỏ thay đổi',
      okButtonProps: { danger: true },
      cancelText: 'Ở lại',
      onOk: go,
    });
  };

  const edit = (change: (list: CalendarDay[]) => CalendarDay[]) => setDraft(sortDays(change(days)));

  const {
    saving,
    conflict,
    setConflict,
    submit: save,
  } = useSubmit(null, async () => {
    if (!stored || !draft) return;
    const reply = await api<CalendarYear>(`/api/calendar/${year}`, { method: 'PUT', body: { version: stored.version, days: draft } });
    queryClient.setQueryData(key, reply);
    setDraft(null);
    showSuccess(`Đã lưu lịch làm việc năm ${year}.`);
  });

  const reset = async () => {
    if (!stored) return;
    try {
      const reply = await api<CalendarYear>(`/api/calendar/${year}`, { method: 'DELETE', body: { version: stored.version } });
      queryClient.setQueryData(key, reply);
      setDraft(null);
      showSuccess(`Năm ${year} đã trở về danh sách mặc định.`);
    } catch (error) {
      if (applyApiError(null, error).conflict) setConflict(true);
    }
  };

  const reload = async () => {
    setConflict(false);
    setDraft(null);
    await query.refetch();
  };

  const columns: TableColumnsType<CalendarDay> = [
    { title: 'Ngày', dataIndex: 'date', width: 104, render: (d: string) => ddmmyyyy(d) },
    { title: 'Thứ', dataIndex: 'date', key: 'weekday', width: 84, render: (d: string) => WEEKDAY_NAMES[weekday(d)] },
    {
      title: 'Loại',
      dataIndex: 'kind',
      width: 118,
      render: (k: CalendarDayKind) => <Tag color={KIND_COLORS[k]}>{CALENDAR_DAY_KIND_LABELS[k]}</Tag>,
    },
    { title: 'Tên, lý do', dataIndex: 'name' },
    {
      title: '',
      key: 'actions',
      width: 76,
      render: (_, day) => (
        <Space size={0}>
          <Tooltip title="Sửa">
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              aria-label={`Sửa ngày ${formatDate(day.date)}`}
              onClick={() => setEditing({ day })}
            />
          </Tooltip>
          <Tooltip title="Bỏ khỏi danh sách">
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={`Bỏ ngày ${formatDate(day.date)}`}
              onClick={() => edit((list) => list.filter((d) => d.date !== day.date))}
            />
          </Tooltip>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Lịch làm việc"
        extra={
          <>
            <Space.Compact>
              <Button icon={<LeftOutlined />} aria-label="Năm trước" onClick={() => switchYear(year - 1)} />
              <InputNumber
                aria-label="Năm"
                value={year}
                min={CALENDAR_MIN_YEAR}
                max={CALENDAR_MAX_YEAR}
                controls={false}
                onChange={(v) => switchYear(v)}
                style={{ width: 76, textAlign: 'center' }}
              />
              <Button icon={<RightOutlined />} aria-label="Năm sau" onClick={() => switchYear(year + 1)} />
            </Space.Compact>
            {dirty && (
              <Button icon={<UndoOutlined />} onClick={() => setDraft(null)}>
                Hủy thay đổi
              </Button>
            )}
            <Popconfirm
              title="Khôi phục danh sách mặc định?"
              description="Danh sách đã lưu của năm này được thay bằng các ngày nghỉ theo Bộ luật Lao động."
              okText="Khôi phục"
              cancelText="Hủy"
              onConfirm={reset}
              disabled={!stored || stored.isDefault}
            >
              <Button disabled={!stored || stored.isDefault}>Khôi phục mặc định</Button>
            </Popconfirm>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!dirty} onClick={save} data-testid="calendar-save">
              Lưu
            </Button>
          </>
        }
      >
        <Typography.Text type="secondary">
          Ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù của tỉnh. Thời hạn tính theo ngày làm việc (hồ sơ một cửa, nhắc hạn) dùng lịch này.
        </Typography.Text>
      </PageHeader>

      {conflict && <ConflictAlert title="Lịch năm này vừa được người khác thay đổi" onReload={reload} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            title={
              <Space>
                Năm {year}
                {stored &&
                  (stored.isDefault && !dirty ? (
                    <Tag>Mặc định theo Bộ luật Lao động</Tag>
                  ) : dirty ? (
                    <Tag color="processing">Đang sửa, chưa lưu</Tag>
                  ) : (
                    <Tag color="success">Đã chỉnh sửa</Tag>
                  ))}
              </Space>
            }
            extra={
              <Button icon={<PlusOutlined />} onClick={() => setEditing({ day: null })} disabled={!stored}>
                Thêm ngày
              </Button>
            }
            styles={{ body: { padding: 0 } }}
          >
            <Table<CalendarDay>
              rowKey="date"
              size="small"
              columns={columns}
              dataSource={days}
              loading={query.isFetching}
              pagination={false}
              locale={{ emptyText: 'Chưa có ngày nghỉ nào trong năm' }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Các tháng trong năm">
            <MonthGrid
              year={year}
              days={days}
              today={today}
              onPick={(date) => {
                const day = days.find((d) => d.date === date);
                setEditing(day ? { day } : { day: null, date });
              }}
            />
          </Card>
        </Col>
      </Row>

      <CalendarDayForm
        year={year}
        editing={editing}
        days={days}
        onClose={() => setEditing(null)}
        onDone={(day, replaces) => {
          edit((list) => [...list.filter((d) => d.date !== replaces && d.date !== day.date), day]);
          setEditing(null);
        }}
      />
    </div>
  );
}
