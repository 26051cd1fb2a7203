import { describe, expect, it } from 'vitest';
import { isThrottled, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from './sign-in.ts';
import { digest, randomSecret, sameSecret } from './secrets.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('sign-in throttling', () => {
  it('allows attempts below the limits', () => {
    expect(isThrottled({ byEmail: MAX_FAILURES_PER_EMAIL - 1, byIp: MAX_FAILURES_PER_IP - 1 })).toBe(false);
  });
  it('stops an account being guessed at, and one address guessing many accounts', () => {
    expect(isThrottled({ byEmail: MAX_FAILURES_PER_EMAIL, byIp: 0 })).toBe(true);
    expect(isThrottled({ byEmail: 0, byIp: MAX_FAILURES_PER_IP })).toBe(true);
  });
});

describe('secrets and passwords', () => {
  it('makes distinct secrets and stores only digests', () => {
    const a = randomSecret('hearth_');
    expect(a.startsWith('hearth_')).toBe(true);
    expect(a).not.toBe(randomSecret('hearth_'));
    expect(digest(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameSecret(a, a)).toBe(true);
    expect(sameSecret(a, `${a}x`)).toBe(false);
  });

  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('a good long password');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'a good long password')).toBe(true);
    expect(await verifyPassword(hash, 'a wrong long password')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});
