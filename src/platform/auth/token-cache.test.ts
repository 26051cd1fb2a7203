import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.ts';
import { TOKEN_CACHE_MS, cacheToken, cachedToken, forgetToken } from './token-cache.ts';

const principal = (id: string): Principal => ({ kind: 'token', id, name: 'Kiosk', tenantId: 't', role: 'branch_staff', organisationId: null, csrfToken: null });

describe('the API token cache', () => {
  it('trusts a looked-up token for a few seconds, then asks again', () => {
    cacheToken('hash-a', principal('token-a'), 1_000);
    expect(cachedToken('hash-a', 1_000 + TOKEN_CACHE_MS - 1)?.id).toBe('token-a');
    expect(cachedToken('hash-a', 1_000 + TOKEN_CACHE_MS)).toBeUndefined();
  });

  it('forgets a revoked token at once', () => {
    cacheToken('hash-b', principal('token-b'), 1_000);
    forgetToken('token-b');
    expect(cachedToken('hash-b', 1_001)).toBeUndefined();
  });
});
