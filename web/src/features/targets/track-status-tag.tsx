import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { TRACK_STATUS_LABELS, type TrackStatus } from '#common/domain/indicator.ts';
import { STATUS_TAG_COLORS } from './targets-api.ts';

// An icon as well as the colour: the status must read without telling red from green.
const ICONS: Record<TrackStatus, ReactNode> = {
  on_track: <CheckCircleOutlined />,
  at_risk: <ExclamationCircleOutlined />,
  off_track: <CloseCircleOutlined />,
  no_data: <MinusCircleOutlined />,
};

export function TrackStatusTag({ status, testId }: { status: TrackStatus; testId?: string }) {
  return (
    <Tag color={STATUS_TAG_COLORS[status]} icon={ICONS[status]} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {TRACK_STATUS_LABELS[status]}
    </Tag>
  );
}
