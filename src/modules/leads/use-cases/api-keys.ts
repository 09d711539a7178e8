import { createHash, randomBytes } from 'node:crypto';
import type { EngineDeps } from '../../deps.ts';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * What an API key may do (issue 22, finding 7): `intake` sends leads (POST /api/leads), `read` reads leads, the
 * pool, the board and the reports, `admin` does everything. A website's form needs intake only, the default.
 */
export const API_SCOPES = ['intake', 'read', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const DEFAULT_SCOPES: readonly ApiScope[] = ['intake'];

export interface ApiKeyIdentity {
  name: string;
  scopes: readonly ApiScope[];
}

/** `read,intake` → the scopes, or the words that are none. */
export function parseScopes(text: string): { scopes: ApiScope[] } | { unknown: string[] } {
  const words = text
    .split(/[,\s]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  const unknown = words.filter((w) => !(API_SCOPES as readonly string[]).includes(w));
  if (unknown.length > 0 || words.length === 0) return { unknown: words.length === 0 ? [text] : unknown };
  return { scopes: API_SCOPES.filter((s) => words.includes(s)) };
}

/** Whether a key may do what `needed` names (`admin` may do anything). */
export function keyAllows(key: ApiKeyIdentity, needed: ApiScope): boolean {
  return key.scopes.includes('admin') || key.scopes.includes(needed);
}

/** F38: a new key, intake-only unless other scopes are named. Returned once; only its hash is stored. */
export async function createApiKey(
  deps: EngineDeps,
  name: string,
  scopes: readonly ApiScope[] = DEFAULT_SCOPES,
): Promise<{ kind: 'created'; key: string } | { kind: 'name_taken' }> {
  const key = `ll_${randomBytes(24).toString('base64url')}`;
  const now = deps.clock();
  const r = await deps.store.transaction((tx) => tx.apiKeys.create(name, hashKey(key), now, scopes));
  return r === 'created' ? { kind: 'created', key } : { kind: 'name_taken' };
}

/** The key's name and scopes when it is valid and not revoked; records its use. */
export async function verifyApiKey(deps: EngineDeps, key: string): Promise<ApiKeyIdentity | null> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const found = await tx.apiKeys.findByHash(hashKey(key));
    if (found === null) return null;
    await tx.apiKeys.markUsed(found.id, now);
    return {
      name: found.name,
      scopes: API_SCOPES.filter((s) => found.scopes.includes(s)),
    };
  });
}

export async function revokeApiKey(deps: EngineDeps, name: string): Promise<boolean> {
  const now = deps.clock();
  return deps.store.transaction((tx) => tx.apiKeys.revoke(name, now));
}
