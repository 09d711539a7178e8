// The README's start command, as written: `npm start` serves /healthz on the embedded SQLite file.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('creates and migrates the SQLite file, runs the sweep and answers /healthz', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-start-'));
    const db = join(dir, 'nested', 'leadline.db');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATABASE_URL: `file:${db}` };
    delete env.RULES_FILE;
    delete env.PLAYGROUND;
    delete env.HOST;
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(existsSync(db)).toBe(true);
      // A real database (DATABASE_URL set) and no PLAYGROUND=on: no playground without a login (issue 22).
      expect((await fetch(`http://127.0.0.1:${port}/playground/api/people`)).status).toBe(404);
      expect(out).toContain('address 127.0.0.1');
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
    }
  });
});
