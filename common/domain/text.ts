/**
 * Vietnamese text rules (DESIGN.md rule 5): store NFC, search without diacritics.
 * The seeds mix "hoá"/"hóa" and "KH&CN"/"KHCN"; both forms must meet in one key.
 */

/** NFC, trimmed, inner white space collapsed: the form every stored name takes. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The search key: no diacritics, "đ" → "d", lower case, punctuation dropped.
 * "Sở KH&CN" → "so khcn", "Khoa học và Công nghệ" → "khoa hoc va cong nghe".
 */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[&.'’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a search query, folded; a row matches when it contains every word. */
export function searchWords(query: string): string[] {
  return foldText(query).split(' ').filter(Boolean);
}
