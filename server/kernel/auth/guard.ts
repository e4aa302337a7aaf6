import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission, type Permission, PUBLIC, type Role, type RoutePermission } from '#common/permissions.ts';
import { AppError } from '../errors.ts';

/** Who is calling: resolved from the session cookie on every request. */
export interface Actor {
  userId: string;
  username: string;
  fullName: string;
  role: Role;
  unitId: string;
  provinceId: string;
  sessionId: string;
  csrfToken: string;
  /** an admin who must enrol TOTP (REQUIRE_ADMIN_TOTP=1) may only manage their own account */
  totpPending: boolean;
}

export type SessionLookup = { actor: Actor } | { expired: true } | null;
export type SessionResolver = (token: string, request: FastifyRequest) => Promise<SessionLookup>;

export interface RouteEntry {
  method: string;
  url: string;
  permission: RoutePermission;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** every /api route declares one: a permission string, or PUBLIC */
    permission?: RoutePermission;
    /** false only for login, which has no session yet to carry a token */
    csrf?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export const SESSION_COOKIE = 'theodoi_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor of a route whose permission is not PUBLIC: the guard has already checked it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Bạn cần đăng nhập.');
  return request.actor;
}

/**
 * One guard for every route: authentication, the route's declared permission and CSRF
 * (synchroniser token in a header) on writes. It runs in onRequest, before the body is
 * even parsed, so a refused request costs nothing and writes nothing.
 */
export function installAuthGuard(app: FastifyInstance, resolveSession: SessionResolver) {
  app.decorate('routeTable', [] as RouteEntry[]);
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const permission = route.config?.permission;
    if (!permission) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, permission });
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const found = await resolveSession(token, request);
      if (found && 'actor' in found) request.actor = found.actor;
      else {
        expired = Boolean(found);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    const config = request.routeOptions.config;
    const permission = config?.permission;
    if (!permission || permission === PUBLIC) return;
    const actor = request.actor;
    if (!actor) {
      throw expired
        ? new AppError('SESSION_EXPIRED', 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; dữ liệu chưa lưu cần nhập lại.')
        : new AppError('UNAUTHENTICATED', 'Bạn cần đăng nhập để dùng chức năng này.');
    }
    if (actor.totpPending && permission !== 'manage:own-account') {
      throw new AppError('FORBIDDEN', 'Tài khoản quản trị phải bật xác thực hai lớp (TOTP) trước. Vào "Tài khoản của tôi" để thiết lập.');
    }
    if (!hasPermission(actor.role, permission)) {
      throw new AppError('FORBIDDEN', 'Bạn không có quyền thực hiện chức năng này.');
    }
    if (!SAFE_METHODS.has(request.method) && config.csrf !== false && !csrfMatches(request.headers[CSRF_HEADER], actor.csrfToken)) {
      throw new AppError('CSRF_FAILED', 'Yêu cầu thiếu mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.');
    }
  });
}

function csrfMatches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

export type { Permission };
