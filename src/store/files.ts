// Evidence files on disk under the data directory, named by their SHA-256 (the same file twice is kept once).
// Private to the server's user (directories 0700, files 0600): they are customers' contracts and site photos.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileStore } from '../modules/ports.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const TEMP = /^([0-9a-f]{64})\.[\w-]+\.tmp$/;

export function diskFileStore(dir: string): FileStore {
  const pathOf = (sha256: string) => join(dir, sha256.slice(0, 2), sha256);
  const ensureDir = async (path: string) => {
    await mkdir(path, { recursive: true, mode: 0o700 });
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      await ensureDir(dir);
      await ensureDir(join(dir, sha256.slice(0, 2)));
      // Write then rename, so a crash never leaves half a file under the final name. The temporary name is
      // random: two identical uploads at the same moment each write their own and the second rename wins
      // (the same bytes), where a name from the pid alone made one rename find the other's file gone (ENOENT).
      const tmp = `${path}.${randomUUID()}.tmp`;
      try {
        await writeFile(tmp, bytes, { mode: 0o600 });
        await rename(tmp, path);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
      return { sha256, size: bytes.byteLength };
    },
    async get(sha256) {
      if (!SHA256.test(sha256)) return null;
      try {
        return new Uint8Array(await readFile(pathOf(sha256)));
      } catch {
        return null;
      }
    },
    async remove(sha256) {
      if (!SHA256.test(sha256)) return false;
      try {
        await unlink(pathOf(sha256));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },
    async sweep(keep, before) {
      const result = { removed: 0, kept: 0 };
      let shards: string[];
      try {
        shards = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
        throw err;
      }
      for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s))) {
        for (const name of await readdir(join(dir, shard))) {
          const temp = TEMP.exec(name);
          if (!SHA256.test(name) && temp === null) continue;
          const path = join(dir, shard, name);
          // Written (or written again: a rename over it renews the time) within the hour: an upload may be
          // between its file and its database row.
          const written = await stat(path).then(
            (s) => s.mtimeMs,
            () => null,
          );
          if (written === null || written >= before || (temp === null && keep(name))) {
            result.kept += 1;
            continue;
          }
          await unlink(path).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
          });
          result.removed += 1;
        }
      }
      return result;
    },
  };
}
