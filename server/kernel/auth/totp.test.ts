import { describe, expect, it } from 'vitest';
import { base32Encode, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B, SHA-1 secret "12345678901234567890"; the RFC prints 8 digits, we use the last 6.
const SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s gives %s', (seconds, code) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(code.slice(2));
  });

  it('accepts one step of clock drift either way, and no more', () => {
    const now = 1_800_000_000_000;
    expect(verifyTotp(SECRET, totpCode(SECRET, now - 30_000), now)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, now + 30_000), now)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, now - 90_000), now)).toBe(false);
  });
});
