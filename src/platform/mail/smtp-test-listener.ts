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
  /** Starts refusing recipients (as `refuse` in the options), or with null accepts them again. */
  setRefusal(refuse: Refusal | null): void;
  close(): Promise<void>;
}

export interface Refusal {
  code: number;
  message: string;
  to?: string;
}

export interface SmtpTestListenerOptions {
  /** Answer recipients with this SMTP error, so delivery fails: every one, or only the address in `to`. */
  refuse?: Refusal;
  /** Turn every login down, quoting the credentials back as a careless server might, to prove they are redacted. */
  refuseLogin?: boolean;
}

/** A real SMTP server on 127.0.0.1 for tests, keeping what it receives. */
export async function startSmtpTestListener(options: SmtpTestListenerOptions = {}): Promise<SmtpTestListener> {
  const received: ReceivedMail[] = [];
  let refuse = options.refuse ?? null;
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
      if (!refuse || (refuse.to && refuse.to !== address.address)) return callback();
      callback(Object.assign(new Error(refuse.message), { responseCode: refuse.code }));
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
    setRefusal: (next) => {
      refuse = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
