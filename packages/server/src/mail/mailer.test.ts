import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { markEmailVerifiedInDatabase, signUpNew, TestClient, verifyEmailMutation } from '../testing/test-client.js';
import { inviteMutation, startTeamTestApp, uniqueEmail } from '../testing/team-fixtures.js';

interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

/**
 * A minimal SMTP server that speaks just enough of RFC 5321 to take a mail,
 * so the mailer's SMTP path is tested over a real socket.
 */
function startSmtpServer(): Promise<{ port: number; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    let inData = false;
    socket.write('220 test-smtp ready\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(mail);
          mail = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test-smtp\r\n');
        else if (verb === 'MAIL') (mail.from = line), socket.write('250 ok\r\n');
        else if (verb === 'RCPT') mail.to.push(line), socket.write('250 ok\r\n');
        else if (verb === 'DATA') (inData = true), socket.write('354 go ahead\r\n');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        received,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTeamTestApp({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, publicUrl: 'https://crm.example.com', mailFrom: 'Kontor <crm@example.com>' });
});
afterAll(async () => {
  await app.stop();
  await smtp.close();
});

/** The body of a received mail with quoted-printable soft line breaks undone. */
const bodyOf = (mail: ReceivedMail) => mail.data.replace(/=\r\n/g, '');

describe('the mailer with SMTP_URL', () => {
  it('delivers the verification link of a sign-up over SMTP, to the public URL, and the link verifies', async () => {
    const client = new TestClient(app.url);
    const { email } = await signUpNew(client, { accountName: 'Mailing AG' });
    const mail = smtp.received.find((m) => m.to.includes(`RCPT TO:<${email}>`));
    expect(mail!.data).toMatch(/^Subject: Confirm your e-mail address for Kontor/m);
    const token = /https:\/\/crm\.example\.com\/verify-email\/([A-Za-z0-9_-]{43})/.exec(bodyOf(mail!))?.[1];
    expect(token).toBeDefined();
    expect((await new TestClient(app.url).data(verifyEmailMutation, { token })).verifyEmail).toMatchObject({ email, emailVerified: true });
    smtp.received.length = 0;
  });

  it('delivers the invitation over SMTP, with a link to the public URL, and keeps nothing in the outbox', async () => {
    const owner = { client: new TestClient(app.url) };
    const { email: ownerEmail } = await signUpNew(owner.client, { accountName: 'Mailing AG' });
    await markEmailVerifiedInDatabase(app.url, ownerEmail);
    smtp.received.length = 0;
    const email = uniqueEmail('smtp');
    await owner.client.data(inviteMutation, { input: { email, firstName: 'Sam', lastName: 'Tp', role: 'NORMAL' } });

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.from).toContain('crm@example.com');
    expect(mail!.to).toEqual([`RCPT TO:<${email}>`]);
    expect(mail!.data).toMatch(/^Subject: .*Mailing AG/m);
    expect(bodyOf(mail!)).toMatch(/https:\/\/crm\.example\.com\/invitation\/[A-Za-z0-9_-]{43}/);

    expect((await owner.client.data('{ outbox { to } }')).outbox).toEqual([]);
    const kept = await withClient(app.database.url, async (client) => (await client.query('select count(*) from mail_outbox')).rows[0].count);
    expect(Number(kept)).toBe(0);
  });
});

describe('the mailer when the SMTP server cannot be reached', () => {
  it('fails the invitation with MAIL_NOT_SENT, which is then not stored', async () => {
    const unreachable = await startSmtpServer();
    await unreachable.close();
    const broken = await startTeamTestApp({ smtpUrl: `smtp://127.0.0.1:${unreachable.port}` });
    try {
      // The sign-up goes through without its verification mail: the user can ask for it again.
      const owner = { client: new TestClient(broken.url) };
      const { email: ownerEmail } = await signUpNew(owner.client);
      const resent = await owner.client.request('mutation { resendVerificationEmail }');
      expect(resent.errors?.[0]?.extensions).toMatchObject({ code: 'MAIL_NOT_SENT' });
      await markEmailVerifiedInDatabase(broken.url, ownerEmail);
      const result = await owner.client.request(inviteMutation, { input: { email: uniqueEmail(), firstName: 'No', lastName: 'Mail', role: 'NORMAL' } });
      expect(result.errors?.[0]).toMatchObject({
        message: 'The e-mail could not be sent, so nothing was changed. Please try again in a few minutes.',
        extensions: { code: 'MAIL_NOT_SENT' },
      });
      expect(JSON.stringify(result)).not.toContain('ECONNREFUSED');
      expect((await owner.client.data('{ invitations { id } }')).invitations).toEqual([]);
    } finally {
      await broken.stop();
    }
  });
});
