import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { User, UserCreate, UserListQuery, UserPage, UserParams, UserSetPassword, UserUpdate } from '#common/contracts/users.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { createUser, getUser, listUsers, setUserPassword, unlockUser, updateUser } from './users.service.ts';

const tags = ['users'];

export function usersRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/users', {
      config: { permission: 'read:user' },
      schema: { tags, summary: 'Danh sách người dùng', querystring: UserListQuery, response: { 200: UserPage } },
      handler: (request) => listUsers(db, actorOf(request), request.query),
    });
    app.get('/api/users/:id', {
      config: { permission: 'read:user' },
      schema: { tags, summary: 'Một người dùng', params: UserParams, response: { 200: User } },
      handler: (request) => getUser(db, actorOf(request), request.params.id),
    });
    app.post('/api/users', {
      config: { permission: 'manage:user' },
      schema: { tags, summary: 'Tạo người dùng', body: UserCreate, response: { 201: User } },
      handler: async (request, reply) => reply.status(201).send(await createUser(db, actorOf(request), request.body, request.id)),
    });
    app.patch('/api/users/:id', {
      config: { permission: 'manage:user' },
      schema: { tags, summary: 'Sửa người dùng (kèm version đã tải)', params: UserParams, body: UserUpdate, response: { 200: User } },
      handler: (request) => updateUser(db, actorOf(request), request.params.id, request.body, request.id),
    });
    app.post('/api/users/:id/password', {
      config: { permission: 'manage:user' },
      schema: { tags, summary: 'Đặt lại mật khẩu', params: UserParams, body: UserSetPassword, response: { 200: User } },
      handler: (request) => setUserPassword(db, actorOf(request), request.params.id, request.body.password, request.id),
    });
    app.post('/api/users/:id/unlock', {
      config: { permission: 'manage:user' },
      schema: { tags, summary: 'Mở khóa tài khoản bị khóa do nhập sai', params: UserParams, response: { 200: User } },
      handler: (request) => unlockUser(db, actorOf(request), request.params.id, request.id),
    });
  };
}
