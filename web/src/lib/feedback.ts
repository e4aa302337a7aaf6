import type { App } from 'antd';
import { createElement } from 'react';
import { ApiError, type FieldError } from './api.ts';

type AppApi = ReturnType<typeof App.useApp>;

/** antd's message/notification/modal bound to the theme and locale; set once by <FeedbackBridge/>. */
export const feedback: { current: AppApi | null } = { current: null };

/**
 * Shows an error to the user: the server's Vietnamese message, plus any field errors that no
 * form field on screen shows (an import's row errors, say).
 */
export function showError(error: unknown, unshown: FieldError[] = []) {
  const app = feedback.current;
  if (!app) return;
  if (!(error instanceof ApiError)) {
    app.message.error('Đã có lỗi không mong muốn. Hãy tải lại trang và thử lại.');
    return;
  }
  // The session handler already sends the user to /login with its own notice.
  if (error.status === 401 && error.code !== 'TOTP_REQUIRED') return;
  if (!unshown.length) {
    app.message.error({ content: error.message, duration: 6 });
    return;
  }
  app.notification.error({
    title: error.message,
    description: createElement(
      'ul',
      { style: { margin: 0, paddingLeft: 18, maxHeight: 240, overflow: 'auto' } },
      unshown.slice(0, 50).map((d) => createElement('li', { key: `${d.field}|${d.message}` }, `${d.field}: ${d.message}`)),
    ),
    duration: 0,
  });
}

export function showSuccess(text: string) {
  feedback.current?.message.success(text);
}
