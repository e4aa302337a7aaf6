import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifySerializerCompiler } from 'fastify';
import { jsonSchemaTransform, ResponseSerializationError, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { Health } from '#common/contracts/audit.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { calendarRoutes } from './features/calendar/calendar.routes.ts';
import { documentFileGrant } from './features/documents/documents.queries.ts';
import { documentsRoutes } from './features/documents/documents.routes.ts';
import { explanationsRoutes } from './features/explanations/explanations.routes.ts';
import { fundingRoutes } from './features/funding/funding.routes.ts';
import { indicatorsRoutes } from './features/indicators/indicators.routes.ts';
import { linksRoutes } from './features/links/links.routes.ts';
import { plansRoutes } from './features/plans/plans.routes.ts';
import { notificationsRoutes, remindersRoutes } from './features/reminders/reminders.routes.ts';
import { reportingRoutes } from './features/reporting/reporting.routes.ts';
import { taskFileGrant } from './features/tasks/tasks.queries.ts';
import { tasksRoutes } from './features/tasks/tasks.routes.ts';
import { unitsRoutes } from './features/units/units.routes.ts';
import { authRoutes } from './features/users/auth.routes.ts';
import { resolver } from './features/users/sessions.service.ts';
import { usersRoutes } from './features/users/users.routes.ts';
import { auditRoutes } from './kernel/audit/audit.routes.ts';
import { installAuthGuard } from './kernel/auth/guard.ts';
import { installErrorHandler } from './kernel/errors.ts';
import { filesRoutes } from './kernel/files/files.routes.ts';

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export interface AppOptions {
  database: Database;
  config: Config;
  logger?: boolean | object;
}

/**
 * Replies go through their response schema, so nothing else leaves: fields it does not name are
 * dropped, and a reply it refuses is a 500. fastify-type-provider-zod's own serializer encodes
 * (runs codecs backwards), five times slower than parsing: the dashboard's 180 KB took 1.1 ms
 * rather than 0.24. Reply schemas hold no codecs or transforms (encoding refuses those), so
 * parsing gives the same JSON.
 */
export const replySerializer: FastifySerializerCompiler<z.ZodType> =
  ({ schema, method, url }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };

/** Kernel plugins first, then the explicit list of features. */
export async function buildApp({ database, config, logger = false }: AppOptions) {
  const { db } = database;
  const app = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(replySerializer);
  installErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Ant Design writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Plain-HTTP intranet deployments must keep working; HTTPS ones set COOKIE_SECURE=1.
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
  });
  // Replies over 1 KB are compressed for clients that accept it (browsers do): the dashboard's
  // 170 KB of JSON is what a commune or a leader on a slow line waits for. Brotli at quality 4
  // costs about what gzip does; its default (11) is for files built once, like the web's.
  await app.register(compress, { threshold: 1024, brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'theodoi API', version: VERSION, description: 'Theo dõi, đôn đốc nhiệm vụ KH&CN, ĐMST và CĐS' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'theodoi_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installAuthGuard(app, resolver(db, config));

  app.get('/api/health', {
    config: { permission: 'public' },
    schema: { tags: ['health'], summary: 'Tình trạng máy chủ', response: { 200: Health } },
    handler: async () => {
      await db.execute('select 1');
      return { status: 'ok' as const, db: database.engine, version: VERSION };
    },
  });
  await app.register(authRoutes(db, config));
  await app.register(usersRoutes(db));
  await app.register(unitsRoutes(db));
  await app.register(calendarRoutes(db));
  await app.register(remindersRoutes(db, config));
  await app.register(notificationsRoutes(db));
  await app.register(documentsRoutes(db));
  await app.register(plansRoutes(db, config.dataDir));
  await app.register(tasksRoutes(db));
  await app.register(linksRoutes(db));
  await app.register(reportingRoutes(db, config.dataDir));
  await app.register(explanationsRoutes(db));
  await app.register(indicatorsRoutes(db));
  await app.register(fundingRoutes(db));
  await app.register(auditRoutes(db));
  await app.register(filesRoutes(db, config.dataDir, [documentFileGrant, taskFileGrant]));

  const webBuilt = fs.existsSync(path.join(config.webDist, 'index.html'));
  if (webBuilt) await app.register(fastifyStatic, { root: config.webDist, wildcard: false, preCompressed: true });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any non-API GET gets index.html.
    if (webBuilt && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ này.', requestId: request.id } });
  });
  return app;
}
