import { createHash, randomBytes } from 'node:crypto';
import type { EngineDeps } from '../../deps.ts';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** F38: a new intake key. Returned once; only its hash is stored. */
export async function createApiKey(
  deps: EngineDeps,
  name: string,
): Promise<{ kind: 'created'; key: string } | { kind: 'name_taken' }> {
  const key = `ll_${randomBytes(24).toString('base64url')}`;
  const now = deps.clock();
  const r = await deps.store.transaction((tx) => tx.apiKeys.create(name, hashKey(key), now));
  return r === 'created' ? { kind: 'created', key } : { kind: 'name_taken' };
}

/** The key's name when it is valid and not revoked; records its use. */
export async function verifyApiKey(deps: EngineDeps, key: string): Promise<string | null> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const found = await tx.apiKeys.findByHash(hashKey(key));
    if (found === null) return null;
    await tx.apiKeys.markUsed(found.id, now);
    return found.name;
  });
}

export async function revokeApiKey(deps: EngineDeps, name: string): Promise<boolean> {
  const now = deps.clock();
  return deps.store.transaction((tx) => tx.apiKeys.revoke(name, now));
}
