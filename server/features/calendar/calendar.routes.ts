import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CalendarParams, CalendarReset, CalendarSave, CalendarYear } from '#common/contracts/calendar.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { calendarYear, resetCalendarYear, saveCalendarYear } from './calendar.service.ts';

const tags = ['calendar'];

export function calendarRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/calendar/:year', {
      config: { permission: 'read:calendar' },
      schema: {
        tags,
        summary: 'Ngày nghỉ lễ, nghỉ bù và làm bù của một năm (mặc định theo Bộ luật Lao động nếu chưa chỉnh sửa)',
        params: CalendarParams,
        response: { 200: CalendarYear },
      },
      handler: (request) => calendarYear(db, actorOf(request).provinceId, request.params.year),
    });

    app.put('/api/calendar/:year', {
      config: { permission: 'manage:calendar' },
      schema: {
        tags,
        summary: 'Lưu toàn bộ danh sách ngày của năm (kèm version đã tải)',
        params: CalendarParams,
        body: CalendarSave,
        response: { 200: CalendarYear },
      },
      handler: (request) => saveCalendarYear(db, actorOf(request), request.params.year, request.body, request.id),
    });

    app.delete('/api/calendar/:year', {
      config: { permission: 'manage:calendar' },
      schema: {
        tags,
        summary: 'Khôi phục danh sách mặc định của năm (kèm version đã tải)',
        params: CalendarParams,
        body: CalendarReset,
        response: { 200: CalendarYear },
      },
      handler: (request) => resetCalendarYear(db, actorOf(request), request.params.year, request.body.version, request.id),
    });
  };
}
