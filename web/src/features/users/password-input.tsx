import { Button, Input, Space, Tooltip } from 'antd';
import { useState } from 'react';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789@#%+=';

/** 16 characters from the browser's CSPRNG, avoiding look-alikes (0/O, 1/l/I). */
export function randomPassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** A password field with a "generate" button (shown in clear, so the admin can pass it on). */
export function PasswordInput({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const [visible, setVisible] = useState(false);
  return (
    <Space.Compact block>
      <Input.Password
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        visibilityToggle={{ visible, onVisibleChange: setVisible }}
      />
      <Tooltip title="Tạo mật khẩu ngẫu nhiên đủ mạnh">
        <Button
          onClick={() => {
            onChange?.(randomPassword());
            setVisible(true);
          }}
        >
          Tạo ngẫu nhiên
        </Button>
      </Tooltip>
    </Space.Compact>
  );
}
