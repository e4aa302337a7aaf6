import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FileParams, StoredFile } from '#common/contracts/files.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../auth/guard.ts';
import { AppError } from '../errors.ts';
import { attachment } from './download.ts';
import { type FileGrant, openFile, storeFile } from './files.service.ts';

export function filesRoutes(db: Db, dataDir: string, grants: readonly FileGrant[] = []) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.post('/api/files', {
      config: { permission: 'upload:file' },
      schema: {
        tags: ['files'],
        summary: 'Tải lên một tệp (multipart, trường "file")',
        consumes: ['multipart/form-data'],
        response: { 201: StoredFile },
      },
      handler: async (request, reply) => {
        const part = await request.file();
        if (!part) throw new AppError('BAD_REQUEST', 'Không có tệp nào trong biểu mẫu. Hãy chọn tệp rồi gửi lại.');
        const bytes = await part.toBuffer();
        const stored = await storeFile(db, dataDir, actorOf(request), part.filename, bytes, request.id);
        return reply.status(201).send(stored);
      },
    });
    app.get('/api/files/:id', {
      config: { permission: 'read:file' },
      schema: { tags: ['files'], summary: 'Tải xuống một tệp', params: FileParams },
      handler: async (request, reply) => {
        const { row, path } = await openFile(db, dataDir, actorOf(request), request.params.id, grants);
        reply.header('content-type', row.mime);
        reply.header('content-disposition', attachment(row.name));
        reply.header('content-length', row.size);
        return reply.send(createReadStream(path));
      },
    });
  };
}
