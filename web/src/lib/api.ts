import type { ErrorReply } from '#common/contracts/z.ts';

export type FieldError = { field: string; message: string };

/** The server's error reply `{error:{code,message,details,requestId}}`, thrown by every call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

const SESSION_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);

let csrfToken = '';
let onSessionLost: (error: ApiError) => void = () => {};

/** The token of the current session (from the Me reply), sent on every write. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** The app shell registers what to do when the session ends under the user (go to /login). */
export function setSessionLostHandler(handler: (error: ApiError) => void) {
  onSessionLost = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** false where a 401 is an expected answer (the Me probe, the login form) */
  sessionRedirect?: boolean;
}

/** The one fetch wrapper: JSON in and out, same-origin cookie, CSRF header on writes. */
export async function api<T>(path: string, { method = 'GET', body, query, sessionRedirect = true }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại.');
  }
  if (response.ok) {
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('application/json') ? await response.json() : undefined) as T;
  }
  const error = await toApiError(response);
  if (response.status === 401 && SESSION_CODES.has(error.code) && sessionRedirect) onSessionLost(error);
  throw error;
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const { error } = (await response.json()) as ErrorReply;
    return new ApiError(response.status, error.code, error.message, error.details ?? [], error.requestId);
  } catch {
    return new ApiError(response.status, 'INTERNAL', `Máy chủ trả lỗi ${response.status}. Hãy thử lại sau.`);
  }
}

/** Sends one file as multipart field "file". */
export function upload<T>(path: string, file: File | Blob, name?: string): Promise<T> {
  const form = new FormData();
  form.append('file', file, name ?? (file instanceof File ? file.name : 'file'));
  return api<T>(path, { method: 'POST', body: form });
}

/** The field a server detail names, without the "body." prefix schema errors carry. */
export function fieldName(field: string): string {
  return field.replace(/^(body|querystring|params)\./, '');
}
