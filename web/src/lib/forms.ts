import type { FormInstance, FormRule } from 'antd';
import type { z } from 'zod';
import { ApiError, fieldName } from './api.ts';
import { showError } from './feedback.ts';

/** An antd rule that checks one field with its zod contract: the same messages as the server. */
export function zodRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'Giá trị không hợp lệ');
    },
  };
}

function namePath(field: string): (string | number)[] {
  return fieldName(field)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows a failed submit: the message as a toast, and each `details` entry under its field
 * when the form shows that field. Returns conflict=true for a version conflict (409 without
 * field details), which the caller answers by offering a reload.
 */
export function applyApiError(form: FormInstance | null, error: unknown): { conflict: boolean } {
  if (!(error instanceof ApiError)) {
    showError(error);
    return { conflict: false };
  }
  const shown = new Set(form ? Object.keys(form.getFieldsValue()) : []);
  const onForm = error.details.filter((d) => shown.has(String(namePath(d.field)[0])));
  form?.setFields(onForm.map((d) => ({ name: namePath(d.field), errors: [d.message] })));
  showError(
    error,
    error.details.filter((d) => !onForm.includes(d)),
  );
  return { conflict: error.code === 'CONFLICT' && error.details.length === 0 };
}
