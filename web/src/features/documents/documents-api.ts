import { useQuery } from '@tanstack/react-query';
import type { Document, DocumentRef } from '#common/contracts/documents.ts';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES } from '#common/domain/document-number.ts';
import { api } from '../../lib/api.ts';

export const documentKey = (id: string) => ['documents', 'one', id] as const;

export function fetchDocument(id: string): Promise<Document> {
  return api<Document>(`/api/documents/${id}`);
}

export function useDocument(id: string | undefined) {
  return useQuery({ queryKey: documentKey(id ?? ''), queryFn: () => fetchDocument(id ?? ''), enabled: Boolean(id) });
}

export const TYPE_OPTIONS = DOCUMENT_TYPES.map((t) => ({ value: t, label: `${DOCUMENT_TYPE_LABELS[t]} (${t})` }));

/** An ISO date as Vietnamese write it: 10/04/2026. */
export const vnDate = (iso: string | null | undefined) => (iso ? iso.split('-').reverse().join('/') : '');

/** "35/KH-UBND ngày 10/04/2026" */
export const refLabel = (ref: Pick<DocumentRef, 'symbol' | 'issuedOn'>) =>
  ref.issuedOn ? `${ref.symbol} ngày ${vnDate(ref.issuedOn)}` : ref.symbol;

/** The issuing body as people read it: the unit of the province, else the name typed, else the symbol's issuer code. */
export const issuerOf = (d: Document) => d.issuerUnit?.name || d.issuerName || d.issuerCode;

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}
