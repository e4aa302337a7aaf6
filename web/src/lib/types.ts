/** The list reply of every paged endpoint: `{items,total}` (common/contracts/z.ts pageOf). */
export type Page<T> = { items: T[]; total: number };

export const PAGE_SIZE_OPTIONS = [20, 50, 100];
