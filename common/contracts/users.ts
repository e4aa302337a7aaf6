import { ROLES } from '../permissions.ts';
import { Id, PageQuery, pageOf, text, z } from './z.ts';

export const Role = z.enum(ROLES);
/** At least 12 characters (issue "Foundation", §4); the upper bound stops hashing abuse. */
export const Password = z.string().min(12, 'Mật khẩu phải có ít nhất 12 ký tự').max(200);
const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,50}$/, 'Tên đăng nhập gồm 3–50 ký tự: chữ không dấu, số, ".", "_" hoặc "-"');
const Email = z.email('Địa chỉ email không hợp lệ').max(200).nullable();

export const User = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  role: Role,
  unitId: Id,
  unitName: z.string(),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
});
export type User = z.infer<typeof User>;

export const UserListQuery = PageQuery.extend({
  q: z.string().max(200).optional(),
  role: Role.optional(),
  unitId: Id.optional(),
});
export const UserPage = pageOf(User);
export const UserParams = z.strictObject({ id: Id });

export const UserCreate = z.strictObject({
  username: Username,
  fullName: text(200),
  email: Email.optional(),
  role: Role,
  unitId: Id,
  password: Password,
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.strictObject({
  version: z.number().int().min(1),
  fullName: text(200).optional(),
  email: Email.optional(),
  role: Role.optional(),
  unitId: Id.optional(),
  active: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserSetPassword = z.strictObject({ password: Password });

export const LoginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'Hãy nhập tên đăng nhập').max(100),
  password: z.string().min(1, 'Hãy nhập mật khẩu').max(200),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'Mã xác thực gồm 6 chữ số')
    .optional(),
});

export const Me = z.object({
  user: z.object({
    id: Id,
    username: z.string(),
    fullName: z.string(),
    role: Role,
    unitId: Id,
    unitName: z.string(),
    provinceId: Id,
    provinceName: z.string(),
    totpEnabled: z.boolean(),
  }),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
  totpPending: z.boolean(),
  /** the server's product clock (CLOCK_START shifts it, decision 008): the web app judges days by it too */
  now: z.iso.datetime(),
});
export type Me = z.infer<typeof Me>;

export const ChangePassword = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export const TotpSetupReply = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const TotpCode = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'Mã xác thực gồm 6 chữ số') });
export const TotpDisable = z.strictObject({ password: z.string().min(1).max(200) });
