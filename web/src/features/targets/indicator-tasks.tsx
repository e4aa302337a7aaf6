import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { IndicatorDetail } from '#common/contracts/indicators.ts';
import type { TaskSummary } from '#common/contracts/tasks.ts';
import { api } from '../../lib/api.ts';
import { showSuccess } from '../../lib/feedback.ts';
import { useSubmit } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import { useTargetsWrite } from './targets-api.ts';

type Option = { value: string; label: string };
const labelOf = (t: { code: string; content: string }) => (t.code ? `${t.code}. ${t.content}` : t.content);

/** The tasks that drive the indicator; the coordinator chooses them by searching the board. */
export function IndicatorTasks({ indicator }: { indicator: IndicatorDetail }) {
  const can = useCan();
  const write = useTargetsWrite();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [options, setOptions] = useState<Option[]>([]);
  const current = indicator.tasks.map((t) => ({ value: t.id, label: labelOf(t) }));

  const search = async (q: string) => {
    const found = await api<{ items: TaskSummary[] }>('/api/tasks', { query: { q: q || undefined, pageSize: 20 } });
    const byId = new Map([...current, ...found.items.map((t) => ({ value: t.id, label: labelOf(t) }))].map((o) => [o.value, o]));
    setOptions([...byId.values()]);
  };
  const edit = () => {
    setChosen(indicator.tasks.map((t) => t.id));
    setOptions(current);
    setOpen(true);
    void search('');
  };
  const { saving, submit: save } = useSubmit(null, async () => {
    await write(() => api(`/api/indicators/${indicator.id}/tasks`, { method: 'PUT', body: { taskIds: chosen } }));
    showSuccess('Đã lưu nhiệm vụ liên quan');
    setOpen(false);
  });

  return (
    <Card
      size="small"
      title={`Nhiệm vụ tác động đến chỉ tiêu (${indicator.tasks.length})`}
      data-testid="indicator-tasks"
      extra={
        can('manage:indicator') && (
          <Button size="small" icon={<EditOutlined />} onClick={edit} data-testid="tasks-edit">
            Chọn nhiệm vụ
          </Button>
        )
      }
    >
      {indicator.tasks.length ? (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {indicator.tasks.map((t) => (
            <li key={t.id} style={{ padding: '3px 0' }}>
              <Link to={`/tasks/${t.id}`}>
                {t.code && <Typography.Text strong>{t.code} </Typography.Text>}
                {t.content}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">Chưa gắn nhiệm vụ nào với chỉ tiêu này.</Typography.Text>
      )}
      <Modal
        title="Nhiệm vụ tác động đến chỉ tiêu"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={save}
        okText="Lưu"
        cancelText="Hủy"
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'tasks-save' }}
        width={720}
      >
        <Typography.Paragraph type="secondary">Gõ vài chữ của nội dung hoặc mã nhiệm vụ để tìm (không cần dấu).</Typography.Paragraph>
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={chosen}
          onChange={setChosen}
          options={options}
          filterOption={false}
          onSearch={(q) => void search(q)}
          showSearch
          placeholder="Tìm nhiệm vụ"
          data-testid="tasks-select"
        />
      </Modal>
    </Card>
  );
}
