import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ChangePassword, LoginBody, Me, TotpCode, TotpDisable, TotpSetupReply } from '#common/contracts/users.ts';
import { OkReply } from '#common/contracts/z.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { actorOf, SESSION_COOKIE } from '../../kernel/auth/guard.ts';
import { login, logout, meOf } from './sessions.service.ts';
import { changeOwnPassword, disableTotp, enableTotp, setupTotp } from './users.service.ts';

const tags = ['auth'];

export function authRoutes(db: Db, config: Config) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post('/api/auth/login', {
      // No session yet, so no CSRF token: login is instead rate-limited per address and name.
      config: {
        permission: 'public',
        csrf: false,
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request) =>
            `${request.ip}|${String((request.body as { username?: string } | undefined)?.username ?? '').toLowerCase()}`,
        },
      },
      schema: { tags, summary: 'Đăng nhập', body: LoginBody, response: { 200: Me } },
      handler: async (request, reply) => {
        const { token, actor } = await login(db, config, {
          ...request.body,
          userAgent: request.headers['user-agent'],
          ip: request.ip,
          requestId: request.id,
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.cookieSecure,
          maxAge: config.sessionAbsoluteHours * 3600,
        });
        return meOf(db, actor);
      },
    });

    app.post('/api/auth/logout', {
      config: { permission: 'manage:own-account' },
      schema: { tags, summary: 'Đăng xuất', response: { 200: OkReply } },
      handler: async (request, reply) => {
        await logout(db, actorOf(request), request.id);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    });

    app.get('/api/me', {
      config: { permission: 'manage:own-account' },
      schema: { tags, summary: 'Người dùng hiện tại, quyền và mã CSRF', response: { 200: Me } },
      handler: (request) => meOf(db, actorOf(request)),
    });

    app.post('/api/me/password', {
      config: { permission: 'manage:own-account' },
      schema: { tags, summary: 'Đổi mật khẩu của mình', body: ChangePassword, response: { 200: OkReply } },
      handler: async (request) => {
        await changeOwnPassword(db, actorOf(request), request.body.currentPassword, request.body.newPassword, request.id);
        return { ok: true as const };
      },
    });

    app.post('/api/me/totp/setup', {
      config: { permission: 'manage:own-account' },
      schema: { tags, summary: 'Tạo khóa TOTP mới (chưa bật)', response: { 200: TotpSetupReply } },
      handler: (request) => setupTotp(db, actorOf(request), request.id),
    });

    app.post('/api/me/totp/enable', {
      config: { permission: 'manage:own-account' },
      schema: { tags, summary: 'Bật TOTP bằng một mã đúng', body: TotpCode, response: { 200: OkReply } },
      handler: async (request) => {
        await enableTotp(db, actorOf(request), request.body.code, request.id);
        return { ok: true as const };
      },
    });

    app.post('/api/me/totp/disable', {
      config: { permission: 'manage:own-account' },
      schema: { tags, summary: 'Tắt TOTP (cần mật khẩu)', body: TotpDisable, response: { 200: OkReply } },
      handler: async (request) => {
        await disableTotp(db, actorOf(request), request.body.password, config.requireAdminTotp, request.id);
        return { ok: true as const };
      },
    });
  };
}
