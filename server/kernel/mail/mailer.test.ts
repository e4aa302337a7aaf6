import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';
import { startSmtpSink } from './smtp-sink.ts';

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

describe('mailer', () => {
  it('delivers a Vietnamese message to a real SMTP server', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, mailFrom: 'theodoi <no-reply@skhcn.thainguyen.gov.vn>' });
    await mailer.send({
      to: ['can.bo@syt.thainguyen.gov.vn'],
      subject: '[theodoi] Nhắc hạn: Xây dựng Trung tâm Đổi mới sáng tạo — hạn 30/9/2026',
      text: 'Kính gửi: Sở Y tế\nNhiệm vụ còn 5 ngày làm việc đến hạn.',
    });
    mailer.close();
    const mail = sink.received.at(-1);
    expect(mail?.from).toBe('no-reply@skhcn.thainguyen.gov.vn');
    expect(mail?.to).toEqual(['can.bo@syt.thainguyen.gov.vn']);
    expect(mail?.subject).toBe('[theodoi] Nhắc hạn: Xây dựng Trung tâm Đổi mới sáng tạo — hạn 30/9/2026');
    expect(mail?.text).toContain('Kính gửi: Sở Y tế');
    expect(mail?.text).toContain('còn 5 ngày làm việc');
  });

  it('without SMTP_URL sends nothing and does not fail', async () => {
    const before = sink.received.length;
    const mailer = createMailer({ mailFrom: 'theodoi <no-reply@localhost>' });
    expect(mailer.enabled).toBe(false);
    await mailer.send({ to: ['a@b.vn'], subject: 'x', text: 'y' });
    expect(sink.received.length).toBe(before);
  });

  it('rejects when the mail server cannot be reached, so the caller can try again', async () => {
    const srv = net.createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise((resolve) => srv.close(resolve));
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'theodoi <no-reply@localhost>' });
    await expect(mailer.send({ to: ['a@b.vn'], subject: 'x', text: 'y' })).rejects.toThrow();
    mailer.close();
  });
});
