import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../../store/index.ts';
import { plainText, type AlertMessage } from './message.ts';

/** Sends the message as a plain-text e-mail through the channel's SMTP server. */
export async function sendEmail(smtp: SmtpSettings, password: string | undefined, message: AlertMessage, timeoutMs: number): Promise<void> {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.username ? { auth: { user: smtp.username, pass: password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({ from: smtp.from, to: [...smtp.to], subject: message.headline, text: plainText(message) });
  } finally {
    transport.close();
  }
}
