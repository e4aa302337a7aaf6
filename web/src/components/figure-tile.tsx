import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A headline figure: a label, a large value and a hint under it, coloured on top; a link when `to` is given. */
export function FigureTile({
  label,
  value,
  hint,
  color,
  to,
  title,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  color: string;
  to?: string;
  /** what following the link shows */
  title?: string;
  testId: string;
}) {
  const body = (
    <div
      data-testid={testId}
      style={{
        height: '100%',
        padding: '12px 16px',
        background: '#fff',
        borderRadius: 8,
        border: '1px solid #e8ebf0',
        borderTop: `3px solid ${color}`,
      }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {label}
      </Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3, color: '#1f2633', fontVariantNumeric: 'tabular-nums' }}>{value}</div>
      {hint && <div style={{ fontSize: 12, color: '#6b7280' }}>{hint}</div>}
    </div>
  );
  return to ? (
    <Link to={to} style={{ display: 'block', height: '100%', color: 'inherit' }} title={title}>
      {body}
    </Link>
  ) : (
    body
  );
}
