import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe(path.resolve('.hearth-data'));
    expect(config.demo).toBe(false);
    expect(config.smtpUrl).toBeNull();
    expect(config.today).toBeNull();
    expect(config.databasePoolSize).toBe(20);
    expect(config.referralRetentionDays).toBe(730);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db/hearth',
      HEARTH_DATA_DIR: '/tmp/h',
      HEARTH_ADMIN_EMAIL: 'a@example.org',
      HEARTH_ADMIN_PASSWORD: 'a long enough password',
      HEARTH_DEMO: '1',
      SMTP_URL: 'smtp://u:p@mail:2525',
      HEARTH_TODAY: '2026-12-01',
    });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u@db/hearth', dataDir: '/tmp/h', adminEmail: 'a@example.org', demo: true, smtpUrl: 'smtp://u:p@mail:2525', today: '2026-12-01' });
  });

  it('fails fast, naming every problem', () => {
    const attempt = () => loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://x', HEARTH_TODAY: '1/12/2026', HEARTH_ADMIN_EMAIL: 'a@example.org' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*HEARTH_TODAY[\s\S]*HEARTH_ADMIN_EMAIL/);
  });

  it('takes a PostgreSQL pool size within bounds', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '40' }).databasePoolSize).toBe(40);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'lots' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('keeps closed referrals for a whole number of days', () => {
    expect(loadConfig({ HEARTH_REFERRAL_RETENTION_DAYS: '365' }).referralRetentionDays).toBe(365);
    expect(() => loadConfig({ HEARTH_REFERRAL_RETENTION_DAYS: '0' })).toThrow(/HEARTH_REFERRAL_RETENTION_DAYS/);
    expect(() => loadConfig({ HEARTH_REFERRAL_RETENTION_DAYS: '1.5' })).toThrow(/HEARTH_REFERRAL_RETENTION_DAYS/);
    expect(() => loadConfig({ HEARTH_REFERRAL_RETENTION_DAYS: 'two years' })).toThrow(/HEARTH_REFERRAL_RETENTION_DAYS/);
  });

  it('refuses a short first-admin password', () => {
    expect(() => loadConfig({ HEARTH_ADMIN_EMAIL: 'a@example.org', HEARTH_ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/);
  });
});
