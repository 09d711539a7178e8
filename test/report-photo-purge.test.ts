// Report photo retention (F29): files past `filing.photoKeepDays` are deleted unless deal evidence or a newer
// photo uses the same file; rows and hashes stay, marked purged, each with an event; on both databases.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { purgeReportPhotos } from '../src/modules/reports/use-cases/report-purge.ts';
import { DATABASES, DAY, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';
import { leadlineArgs } from './fixtures/compiled.ts';

let env: TestEnv;
const alice = person('alice');
const bytes = (s: string) => new TextEncoder().encode(`photo ${s}`);

async function photo(name: string, daysAgo: number): Promise<{ id: number; sha256: string }> {
  const { sha256 } = await env.deps.files!.put(bytes(name));
  const id = await env.deps.store.transaction((tx) =>
    tx.reports.addPhoto({
      repId: alice.id,
      teamId: alice.teamId,
      reportId: null,
      leadId: null,
      sha256,
      hash: `${name.charCodeAt(0).toString(16).padStart(2, '0')}00ff00ff00ff00`,
      exifTakenAt: null,
      exifPlace: null,
      sentAt: env.clock() - daysAgo * DAY,
    }),
  );
  return { id, sha256 };
}

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, leadlineArgs(...args), {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: `file:${env.dbPath}`,
        FILES_DIR: join(env.dir, 'files'),
        RULES_FILE: '',
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const stored = (sha256: string) => env.deps.files!.get(sha256);
const rows = () => env.deps.store.transaction((tx) => tx.reports.photosSince(0, alice.teamId, alice.id));

describe.each(DATABASES)('report photo purge on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [alice]);
  });

  it('deletes old files nothing else uses, keeps rows and hashes, and says why each went or stayed', async () => {
    const keep = env.deps.rules.authenticity.filing.photoKeepDays;
    const a = await photo('a', keep + 10); // old, only here: deleted
    const b = await photo('b', keep + 5); // old, also deal evidence: kept
    const c = await photo('c', keep + 1); // old, sent again recently: kept for the newer photo
    const cNew = await photo('c', 3);
    const d = await photo('d', keep - 1); // within the window: untouched
    await env.deps.store.transaction((tx) =>
      tx.deals.addEvidence({
        dealId: 1,
        stage: 'diagnose',
        requirement: 'sitePhoto',
        kind: 'photo',
        text: '',
        fileName: 'site.jpg',
        mime: 'image/jpeg',
        size: 7,
        pages: null,
        sha256: b.sha256,
        at: env.clock(),
        by: alice.id,
      }),
    );

    const dry = await purgeReportPhotos(env.deps, { dryRun: true });
    expect(dry).toMatchObject({
      dryRun: true,
      keepDays: keep,
      photos: 3,
      filesDeleted: 1,
      keptForEvidence: 1,
      keptForNewerPhoto: 1,
      filesMissing: 0,
    });
    expect(await stored(a.sha256)).not.toBeNull();
    expect((await rows()).every((r) => r.purgedAt === null)).toBe(true);

    const run = await purgeReportPhotos(env.deps);
    expect(run).toMatchObject({
      dryRun: false,
      photos: 3,
      filesDeleted: 1,
      keptForEvidence: 1,
      keptForNewerPhoto: 1,
    });
    expect(await stored(a.sha256)).toBeNull();
    expect(await stored(b.sha256)).not.toBeNull();
    expect(await stored(c.sha256)).not.toBeNull();
    expect(await stored(d.sha256)).not.toBeNull();

    const byId = new Map((await rows()).map((r) => [r.id, r]));
    expect(byId.size).toBe(5);
    for (const p of [a, b, c]) expect(byId.get(p.id)?.purgedAt).toBe(env.clock());
    for (const p of [cNew, d]) expect(byId.get(p.id)?.purgedAt).toBeNull();
    // The hash stays for the reuse check.
    expect(byId.get(a.id)?.hash).toBe('6100ff00ff00ff00');

    const events = (await env.deps.store.transaction((tx) =>
      tx.events.between(0, env.clock() + 1, ['report.photo_purged']),
    )) as unknown as Array<Record<string, unknown>>;
    expect(events.map((e) => [e.photoId, e.file, e.reason]).sort()).toEqual(
      [
        [a.id, 'deleted', 'older_than_keep_days'],
        [b.id, 'kept_for_evidence', 'older_than_keep_days'],
        [c.id, 'kept_for_newer_photo', 'older_than_keep_days'],
      ].sort(),
    );
    expect(events[0]).toMatchObject({ keepDays: keep, repId: alice.id });

    // Nothing is purged twice; once the newer copy is old too, the shared file goes.
    expect(await purgeReportPhotos(env.deps)).toMatchObject({ photos: 0 });
    env.clock.advance((keep - 2) * DAY);
    expect(await purgeReportPhotos(env.deps)).toMatchObject({ photos: 2, filesDeleted: 2, filesMissing: 0 });
    expect(await stored(c.sha256)).toBeNull();
    expect(await stored(d.sha256)).toBeNull();
  });
});

describe('leadline report purge-photos', () => {
  const current = useTestEnv('sqlite');
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [alice]);
  });

  it('says what it would purge with --dry-run, then purges', async () => {
    // The CLI runs on the real clock: a photo sent 200 days before now is past the 90 days.
    env.clock.set(Date.now());
    const old = await photo('o', 200);
    const dry = await cli('report', 'purge-photos', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Would purge 1 report photos .* \(kept 90 days\): 1 files to delete/);
    expect(await stored(old.sha256)).not.toBeNull();
    const run = await cli('report', 'purge-photos');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Purged 1 report photos .*: 1 files deleted, 0 kept for deal evidence/);
    expect(await stored(old.sha256)).toBeNull();
  });
});
