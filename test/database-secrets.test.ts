// Issue 22, finding 16: DATABASE_URL's password is never printed, never on pg_dump's command line (where `ps`
// shows it to everyone), and /healthz tells a caller only that the database is unreachable.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/http/app.ts';
import { backupDatabase } from '../src/store/backup.ts';
import { maskDatabaseUrl, splitDatabasePassword } from '../src/store/database-url.ts';
import { testEnv } from './helpers.ts';
import { captureLog } from './log-capture.ts';

describe('the database password', () => {
  it('is masked wherever the URL is shown', () => {
    expect(maskDatabaseUrl('postgres://leadline:s3cr%40t@db.internal:5432/crm')).toBe(
      'postgres://leadline:***@db.internal:5432/crm',
    );
    expect(maskDatabaseUrl('postgresql://u@db/crm?sslmode=require&password=s3cret')).toBe(
      'postgresql://u@db/crm?sslmode=require&password=***',
    );
    expect(maskDatabaseUrl('postgres://u:s3cret@db:port/crm')).not.toContain('s3cret');
    expect(maskDatabaseUrl('file:./data/leadline.db')).toBe('file:./data/leadline.db');
    expect(splitDatabasePassword('postgres://u:s3cr%40t@db/crm')).toEqual({
      url: 'postgres://u@db/crm',
      password: 's3cr@t',
    });
  });

  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reaches pg_dump in PGPASSWORD, not on its command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-pgdump-'));
    dirs.push(dir);
    // A stand-in pg_dump first on PATH: it records what it was given.
    const seen = join(dir, 'seen.txt');
    writeFileSync(
      join(dir, 'pg_dump'),
      `#!/bin/sh\nprintf '%s\\n' "args: $*" "PGPASSWORD: $PGPASSWORD" >> ${JSON.stringify(seen)}\n`,
    );
    chmodSync(join(dir, 'pg_dump'), 0o755);
    vi.stubEnv('PATH', `${dir}:${process.env.PATH ?? ''}`);
    const file = join(dir, 'crm.dump');
    const r = await backupDatabase('postgres://leadline:s3cr%40t@db.internal:5432/crm', file);
    expect(r).toEqual({ kind: 'written', file });
    const lines = readFileSync(seen, 'utf8').trim().split('\n');
    const dump = lines.filter((l) => l.startsWith('args: --format'));
    expect(dump).toEqual([`args: --format=custom --file=${file} postgres://leadline@db.internal:5432/crm`]);
    expect(lines.at(-1)).toBe('PGPASSWORD: s3cr@t');
  });
});

describe('GET /healthz when the database is unreachable', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  });

  it('answers 503 { ok: false } and nothing more; the reason goes to the log', async () => {
    const env = testEnv();
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', resolve));
    await env.close();
    const logged = captureLog();
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false });
      // The reason goes to the admin's log, with the request it belongs to.
      const line = logged.entries().find((e) => e.msg === 'healthz: the database is unreachable');
      expect(line).toMatchObject({ level: 'error', requestId: res.headers.get('x-request-id') });
      expect((line?.err as { message?: unknown } | undefined)?.message).toEqual(expect.any(String));
    } finally {
      logged.restore();
    }
  });
});
