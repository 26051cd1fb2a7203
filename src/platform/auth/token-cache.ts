import type { Principal } from './principal.ts';

/**
 * How long a looked-up API token is trusted without asking the database again. Integrations such
 * as self-service kiosks call many times a second, and the lookup was one round trip in every
 * call. A token revoked here is forgotten at once; another instance trusts it for at most this long.
 */
export const TOKEN_CACHE_MS = 5_000;
const MAX_ENTRIES = 1_000;

const cached = new Map<string, { principal: Principal; until: number }>();

export function cachedToken(tokenHash: string, now: number): Principal | undefined {
  const entry = cached.get(tokenHash);
  if (entry && entry.until > now) return entry.principal;
  if (entry) cached.delete(tokenHash);
  return undefined;
}

export function cacheToken(tokenHash: string, principal: Principal, now: number) {
  if (cached.size >= MAX_ENTRIES) cached.delete(cached.keys().next().value!);
  cached.set(tokenHash, { principal, until: now + TOKEN_CACHE_MS });
}

export function forgetToken(tokenId: string) {
  for (const [hash, entry] of cached) if (entry.principal.id === tokenId) cached.delete(hash);
}
