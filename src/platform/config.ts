import path from 'node:path';

/** Everything Hearth reads from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  /** Connections to PostgreSQL per instance; each busy request holds one for its transaction. */
  databasePoolSize: number;
  dataDir: string;
  adminEmail: string | null;
  adminPassword: string | null;
  demo: boolean;
  smtpUrl: string | null;
  /** Sender of every email, e.g. `Suffolk Libraries <libraries@example.org>`. */
  mailFrom: string;
  /** Pins the calendar date for tests and demos (YYYY-MM-DD). */
  today: string | null;
  /** Public address used in links inside emails. */
  publicUrl: string;
  logLevel: string;
  /** Set when the app is served behind TLS, so cookies get the Secure flag. */
  trustProxy: boolean;
  /** Days a closed referral is kept before it is deleted, with its person once nothing else of theirs is left. */
  referralRetentionDays: number;
}

export class ConfigError extends Error {}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${env.PORT}"`);

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres://');

  const databasePoolSize = Number(env.DATABASE_POOL_SIZE?.trim() || 20);
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 500) {
    problems.push(`DATABASE_POOL_SIZE must be a whole number from 1 to 500, got "${env.DATABASE_POOL_SIZE}"`);
  }

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');

  const today = env.HEARTH_TODAY?.trim() || null;
  if (today && (!isoDate.test(today) || Number.isNaN(Date.parse(today)))) problems.push('HEARTH_TODAY must be a date like 2026-12-01');

  const adminEmail = env.HEARTH_ADMIN_EMAIL?.trim() || null;
  const adminPassword = env.HEARTH_ADMIN_PASSWORD || null;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) problems.push('HEARTH_ADMIN_EMAIL and HEARTH_ADMIN_PASSWORD go together');
  if (adminPassword && adminPassword.length < 12) problems.push('HEARTH_ADMIN_PASSWORD must be at least 12 characters');

  const demoValue = env.HEARTH_DEMO ?? '0';
  if (!['0', '1', 'true', 'false', ''].includes(demoValue)) problems.push('HEARTH_DEMO must be 1 or 0');

  const referralRetentionDays = Number(env.HEARTH_REFERRAL_RETENTION_DAYS?.trim() || 730);
  if (!Number.isInteger(referralRetentionDays) || referralRetentionDays < 1) {
    problems.push(`HEARTH_REFERRAL_RETENTION_DAYS must be a whole number of days above 0, got "${env.HEARTH_REFERRAL_RETENTION_DAYS}"`);
  }

  if (problems.length > 0) throw new ConfigError(`Hearth cannot start:\n  - ${problems.join('\n  - ')}`);

  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    databasePoolSize,
    dataDir: path.resolve(env.HEARTH_DATA_DIR ?? './.hearth-data'),
    adminEmail,
    adminPassword,
    demo: demoValue === '1' || demoValue === 'true',
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'Hearth <no-reply@hearth.localhost>',
    today,
    publicUrl: (env.HEARTH_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.HEARTH_TRUST_PROXY === '1',
    referralRetentionDays,
  };
}
