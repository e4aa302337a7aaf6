import type { FormInstance, FormRule } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
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

/** The fields of `after` that differ from `before`: an edit sends only what the user changed. */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof T])),
  ) as Partial<T>;
}

export interface RecordFormConfig<R extends { id: string; version: number }, V, B extends object> {
  form: FormInstance<V>;
  /** null: a new record */
  record: R | null;
  open: boolean;
  toValues: (record: R) => V;
  toBody: (values: V) => B;
  /** the record as the server has it now: after a 409, the user reloads it */
  fetch: (id: string) => Promise<R>;
  /** the form's values for a new record */
  empty?: Partial<V>;
  /**
   * Writes: `patch` is null for a new record, else the changed fields (never empty: an
   * unchanged form just closes). Throw the API error; the hook shows it.
   */
  save: (change: { body: B; patch: Partial<B> | null; current: R | null }) => Promise<void>;
  onClose: () => void;
}

/**
 * A form's submit: `saving` while `run` goes, the API's errors under their fields (or as a
 * message; `form` null: always a message), and `conflict` set after a 409 (someone else saved
 * first), when `onConflict` also runs, so the form can offer a reload.
 */
export function useSubmit<V>(form: FormInstance | null, run: (values: V) => Promise<void>, onConflict?: () => unknown) {
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const submit = async (values: V) => {
    setSaving(true);
    try {
      await run(values);
    } catch (error) {
      if (applyApiError(form, error).conflict) {
        setConflict(true);
        await onConflict?.();
      }
    } finally {
      setSaving(false);
    }
  };
  return { saving, conflict, setConflict, submit };
}

/**
 * The editing life of one record in a drawer: the loaded record, the reset each time the
 * drawer opens, the save that puts the API's errors under their fields, and the reload
 * offered after a 409 (someone else saved first).
 */
export function useRecordForm<R extends { id: string; version: number }, V, B extends object>(config: RecordFormConfig<R, V, B>) {
  const { form, record, open } = config;
  const [current, setCurrent] = useState<R | null>(record);
  const latest = useRef(config);
  latest.current = config;
  const { saving, conflict, setConflict, submit } = useSubmit(form, async (values: V) => {
    const body = config.toBody(values);
    const patch = current ? changedFields(config.toBody(config.toValues(current)), body) : null;
    if (patch && Object.keys(patch).length === 0) return config.onClose();
    await config.save({ body, patch, current });
  });

  const show = useCallback(
    (next: R | null) => {
      setCurrent(next);
      setConflict(false);
      form.resetFields();
      const values = next ? latest.current.toValues(next) : latest.current.empty;
      if (values) form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
    },
    [form, setConflict],
  );

  useEffect(() => {
    if (open) show(record);
  }, [open, record, show]);

  const reload = async () => {
    if (current) show(await config.fetch(current.id));
  };

  return { current, conflict, saving, reload, submit };
}
