import type { FastifyReply } from 'fastify';

/** The office formats the server writes, by extension. */
const OFFICE_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** `content-disposition` for a file to save as `name`, in RFC 6266's UTF-8 form so Vietnamese names survive. */
export function attachment(name: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A DOCX or XLSX the server made, sent to be saved as `name`, whose extension gives its type. */
export function sendOfficeFile(reply: FastifyReply, name: string, bytes: Buffer) {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  if (!(extension in OFFICE_TYPES)) throw new Error(`not an office file: ${name}`);
  return reply
    .type(OFFICE_TYPES[extension as keyof typeof OFFICE_TYPES])
    .header('content-disposition', attachment(name))
    .send(bytes);
}
