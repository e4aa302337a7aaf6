import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Document, DocumentCreate, DocumentEdit, DocumentListQuery, DocumentPage, DocumentParams } from '#common/contracts/documents.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../kernel/auth/guard.ts';
import { notFound } from '../../kernel/errors.ts';
import { findDocument, listDocuments } from './documents.queries.ts';
import { createDocument, updateDocument } from './documents.service.ts';

const tags = ['documents'];

export function documentsRoutes(db: Db) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/documents', {
      config: { permission: 'read:document' },
      schema: {
        tags,
        summary: 'Danh sách văn bản của tỉnh (tìm theo số ký hiệu, trích yếu, cơ quan ban hành; không dấu cũng được)',
        querystring: DocumentListQuery,
        response: { 200: DocumentPage },
      },
      handler: (request) => listDocuments(db, actorOf(request).provinceId, request.query),
    });

    app.get('/api/documents/:id', {
      config: { permission: 'read:document' },
      schema: { tags, summary: 'Một văn bản, với các liên kết hai chiều', params: DocumentParams, response: { 200: Document } },
      handler: async (request) => {
        const document = await findDocument(db, actorOf(request).provinceId, request.params.id);
        if (!document) throw notFound('văn bản');
        return document;
      },
    });

    app.post('/api/documents', {
      config: { permission: 'manage:document' },
      schema: { tags, summary: 'Thêm văn bản', body: DocumentCreate, response: { 201: Document } },
      handler: async (request, reply) => reply.status(201).send(await createDocument(db, actorOf(request), request.body, request.id)),
    });

    app.patch('/api/documents/:id', {
      config: { permission: 'manage:document' },
      schema: {
        tags,
        summary: 'Sửa văn bản (kèm version đã tải)',
        params: DocumentParams,
        body: DocumentEdit,
        response: { 200: Document },
      },
      handler: (request) => updateDocument(db, actorOf(request), request.params.id, request.body, request.id),
    });
  };
}
