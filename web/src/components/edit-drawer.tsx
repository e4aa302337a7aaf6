import { Button, Drawer, Space } from 'antd';
import type { ReactNode } from 'react';
import { ConflictAlert } from './conflict-alert.tsx';

/**
 * The one drawer for editing a record: Hủy / Lưu, and the warning shown after a 409
 * (another person saved first) with a button to load their version.
 */
export function EditDrawer(props: {
  title: string;
  open: boolean;
  size: number;
  saving: boolean;
  saveTestId: string;
  onClose: () => void;
  onSave: () => void;
  /** set after a 409: what was changed by someone else */
  conflictTitle?: string | false;
  onReload: () => void;
  children: ReactNode;
}) {
  return (
    <Drawer
      title={props.title}
      open={props.open}
      onClose={props.onClose}
      size={props.size}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>Hủy</Button>
          <Button type="primary" loading={props.saving} onClick={props.onSave} data-testid={props.saveTestId}>
            Lưu
          </Button>
        </Space>
      }
    >
      {props.conflictTitle && <ConflictAlert title={props.conflictTitle} onReload={props.onReload} />}
      {props.children}
    </Drawer>
  );
}
