// Database files, backups and stored uploads hold every customer's phone number and contract: readable by the
// server's own user only (issue 22: they were created 0644, readable by every account on the machine).
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates the folders up to `path`'s parent (new ones 0700; existing ones are left as the admin set them). */
export function privateParent(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
}

/**
 * Makes sure `path` exists as a file only its owner can read and write, before a library (SQLite, pg_dump)
 * writes it with the process's default mode. An existing file keeps its contents; `tighten` also takes group and
 * other permissions off a file that exists already (a backup being overwritten).
 */
export function privateFile(path: string, options: { tighten?: boolean } = {}): void {
  privateParent(path);
  // 'a' creates the file when missing (with the mode) and never truncates one that exists.
  closeSync(openSync(path, 'a', 0o600));
  if (options.tighten === true) chmodSync(path, 0o600);
}
