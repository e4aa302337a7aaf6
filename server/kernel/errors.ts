import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorReply } from '#common/contracts/z.ts';

/** The short list of error codes the API speaks; each maps to one HTTP status. */
const STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  TOTP_REQUIRED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof STATUS;

export type FieldError = { field: string; message: string };

/** The one error type of the product. Messages are Vietnamese and say what to do. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `Không tìm thấy ${what}, hoặc bạn không có quyền xem.`);
export const conflict = () =>
  new AppError('CONFLICT', 'Dữ liệu đã được người khác thay đổi trong lúc bạn sửa. Hãy tải lại trang và nhập lại thay đổi của mình.');

/** Fastify's own errors, translated: everything a client can do wrong gets a 4xx in Vietnamese. */
const FASTIFY_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['BAD_REQUEST', 'Nội dung gửi lên không phải JSON hợp lệ. Hãy kiểm tra lại định dạng.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['BAD_REQUEST', 'Nội dung gửi lên đang trống. Hãy gửi dữ liệu JSON.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'Dữ liệu gửi lên quá lớn. Hãy giảm dung lượng và thử lại.'],
  FST_REQ_FILE_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'Tệp quá lớn so với giới hạn cho phép. Hãy nén hoặc chia nhỏ tệp rồi tải lên lại.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Kiểu nội dung không được hỗ trợ. Hãy gửi JSON hoặc biểu mẫu tải tệp.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BAD_REQUEST', 'Độ dài nội dung không khớp với dữ liệu gửi lên.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Hãy gửi tệp bằng biểu mẫu multipart/form-data.'],
  FST_FILES_LIMIT: ['BAD_REQUEST', 'Mỗi lần chỉ được tải lên một tệp.'],
  FST_PARTS_LIMIT: ['BAD_REQUEST', 'Biểu mẫu có quá nhiều trường.'],
};

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = (code: string, message: string, details?: FieldError[]): ErrorReply => ({
      error: { code, message, requestId: request.id, ...(details?.length ? { details } : {}) },
    });
    if (error instanceof AppError) {
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'Giá trị không hợp lệ',
      }));
      return reply.status(400).send(body('VALIDATION_FAILED', 'Dữ liệu chưa hợp lệ. Hãy sửa các trường được nêu rồi gửi lại.', details));
    }
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (known) return reply.status(STATUS[known[0]]).send(body(known[0], known[1]));
    if (error.statusCode === 429) {
      return reply.status(429).send(body('RATE_LIMITED', 'Bạn thao tác quá nhanh. Hãy chờ một phút rồi thử lại.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(body('BAD_REQUEST', 'Yêu cầu không hợp lệ. Hãy kiểm tra lại dữ liệu gửi lên.'));
    }
    // 5xx: the cause goes to the log with the request id, never to the client.
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(body('INTERNAL', `Hệ thống gặp lỗi. Hãy thử lại sau; nếu lỗi lặp lại, báo quản trị viên mã ${request.id}.`));
  });
}
