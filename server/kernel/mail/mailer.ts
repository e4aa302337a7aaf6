import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  /** false without SMTP_URL: nothing is sent, the in-app notifications still are */
  readonly enabled: boolean;
  /** Resolves once the SMTP server has accepted the message; rejects when it has not. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

type Log = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
const silent: Log = { info() {}, warn() {}, error() {} };

/**
 * Outgoing mail over SMTP (docs/decisions/005-mail.md). One pooled transport per process;
 * short timeouts so a dead mail server delays a reminder run, not the whole process.
 */
export function createMailer(config: { smtpUrl?: string; mailFrom: string }, log: Log = silent): Mailer {
  if (!config.smtpUrl) {
    return {
      enabled: false,
      async send(message) {
        log.info({ to: message.to.length, subject: message.subject }, 'SMTP_URL not set: mail skipped');
      },
      close() {},
    };
  }
  const options: SMTPTransport.Options = {
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(options, { from: config.mailFrom });
  return {
    enabled: true,
    async send({ to, subject, text }) {
      if (!to.length) return;
      const info = await transport.sendMail({ to, subject, text });
      if (info.rejected?.length) log.warn({ rejected: info.rejected, subject }, 'some recipients were refused');
    },
    close: () => transport.close(),
  };
}
