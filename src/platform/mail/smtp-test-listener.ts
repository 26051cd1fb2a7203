import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message: headers, then the MIME body. */
  raw: string;
}

export interface SmtpTestListener {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpTestListenerOptions {
  /** Answer recipients with this SMTP error, so delivery fails: every one, or only the address in `to`. */
  refuse?: { code: number; message: string; to?: string };
  /** Turn every login down, quoting the credentials back as a careless server might, to prove they are redacted. */
  refuseLogin?: boolean;
}

/** A real SMTP server on 127.0.0.1 for tests, keeping what it receives. */
export async function startSmtpTestListener(options: SmtpTestListenerOptions = {}): Promise<SmtpTestListener> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Without TLS material of its own the listener cannot offer STARTTLS that nodemailer would trust.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (!options.refuseLogin) return callback(null, { user: auth.username });
      callback(Object.assign(new Error(`Authentication failed for ${auth.username}/${auth.password}`), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (!options.refuse || (options.refuse.to && options.refuse.to !== address.address)) return callback();
      callback(Object.assign(new Error(options.refuse.message), { responseCode: options.refuse.code }));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
