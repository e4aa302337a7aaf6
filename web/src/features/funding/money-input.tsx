import { InputNumber, Typography } from 'antd';
import { exactMillions } from './funding-api.ts';

interface MoneyInputProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  testId?: string;
  disabled?: boolean;
}

/** "1500000" → "1.500.000": Vietnamese thousands separators while typing. */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * Money is typed in whole đồng, the unit the server stores, so nothing is rounded on the way.
 * Long numbers are easy to mistype by a factor of 1000: the input groups the digits and the
 * line under it reads the amount back in triệu đồng, the unit every report uses.
 */
export function MoneyInput({ value, onChange, id, testId, disabled }: MoneyInputProps) {
  const amount = typeof value === 'number' && Number.isFinite(value) ? value : null;
  return (
    <div>
      <InputNumber<number | string>
        id={id}
        data-testid={testId}
        value={amount}
        onChange={(v) => onChange?.(v === null || v === undefined || v === '' ? null : Number(v))}
        min={0}
        precision={0}
        controls={false}
        disabled={disabled}
        inputMode="numeric"
        placeholder="VD: 1.500.000.000"
        suffix="đồng"
        // Only digits count: dots are the thousands separators the formatter puts back.
        formatter={(v) => (v === undefined || v === null || v === '' ? '' : group(String(v).replace(/\D/g, '')))}
        parser={(s) => (s ?? '').replace(/\D/g, '')}
        style={{ width: '100%' }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={testId ? `${testId}-millions` : undefined}>
        {amount ? `= ${exactMillions(amount)} triệu đồng` : 'Nhập số tiền bằng đồng (không phải triệu đồng).'}
      </Typography.Text>
    </div>
  );
}
