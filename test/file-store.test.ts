// Stored files (issue 22, items 6 and 17): identical uploads at the same moment, private modes, and the sweep of
// files nothing refers to, on both databases.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_SWEEP_GRACE_MS, sweepOrphanFiles } from '../src/jobs/file-sweep.ts';
import { addEvidence } from '../src/modules/deals/use-cases/add-evidence.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { addReportPhoto } from '../src/modules/reports/use-cases/report-photo.ts';
import { backupDatabase } from '../src/store/backup.ts';
import { diskFileStore } from '../src/store/files.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { DATABASES, leadFields, MINUTE, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const shaPath = (dir: string, sha: string) => join(dir, sha.slice(0, 2), sha);

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'leadline-files-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the disk file store', () => {
  it('takes six identical uploads at the same moment: each succeeds, one file, no temporary left', async () => {
    const store = diskFileStore(join(tmp, 'files'));
    const bytes = new Uint8Array(2 * 1024 * 1024).fill(7);
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(bytes)));
    const sha = results[0]!.sha256;
    expect(results.every((r) => r.sha256 === sha && r.size === bytes.byteLength)).toBe(true);
    expect(readdirSync(join(tmp, 'files', sha.slice(0, 2)))).toEqual([sha]);
  });

  it('keeps files readable by the server’s user only: folders 0700, files 0600', async () => {
    const dir = join(tmp, 'data', 'files');
    const { sha256 } = await diskFileStore(dir).put(PNG_1X1);
    expect(mode(join(tmp, 'data'))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, sha256.slice(0, 2)))).toBe(0o700);
    expect(mode(shaPath(dir, sha256))).toBe(0o600);
  });
});

describe('database files and backups', () => {
  it('creates the SQLite database, its WAL and its folder private, and so is a backup', async () => {
    const db = join(tmp, 'data', 'leadline.db');
    const store = openSqliteStore(`file:${db}`);
    await store.transaction((tx) => tx.settings.set('timezone', 'Asia/Shanghai'));
    expect(mode(join(tmp, 'data'))).toBe(0o700);
    expect(mode(db)).toBe(0o600);
    expect(mode(`${db}-wal`)).toBe(0o600);
    const backup = join(tmp, 'backups', 'b.db');
    expect(await backupDatabase(`file:${db}`, backup)).toMatchObject({ kind: 'written' });
    await store.close();
    expect(mode(backup)).toBe(0o600);
    expect(mode(join(tmp, 'backups'))).toBe(0o700);
    expect(statSync(backup).size).toBeGreaterThan(0);
    // Overwriting a backup an older version left world-readable makes it private too.
    writeFileSync(join(tmp, 'old.db'), '', { mode: 0o644 });
    await backupDatabase(`file:${db}`, join(tmp, 'old.db'));
    expect(mode(join(tmp, 'old.db'))).toBe(0o600);
  });
});

async function photo(seed: number): Promise<Buffer> {
  const px = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * seed + (i >> 7) * 31) % 256;
  return sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg()
    .toBuffer();
}

describe.each(DATABASES)('the sweep of stored files nothing refers to, on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice', { locale: 'en' })]);
  });

  /** Sets a stored file's last write to `msAgo` before the test clock. */
  const age = (path: string, msAgo: number) => {
    const at = (env.clock() - msAgo) / 1000;
    utimesSync(path, at, at);
  };

  it('removes old orphans and crashed temporaries; keeps evidence, report photos and anything written within the hour', async () => {
    const files = env.deps.files!;
    const dir = join(env.dir, 'files');
    const lead = await submitLead(env.deps, { fields: leadFields({ company: 'Mingyuan Tech' }), via: 'api' });
    if (lead.kind !== 'created') throw new Error('expected a lead');
    await claimLead(env.deps, { personId: 'alice', leadId: lead.lead.id });
    const deal = await createDeal(env.deps, { personId: 'alice', leadId: lead.lead.id, amount: 300_000 });
    if (deal.kind !== 'created') throw new Error('expected a deal');
    const added = await addEvidence(env.deps, {
      personId: 'alice',
      dealId: deal.deal.id,
      requirement: null,
      kind: 'file',
      text: '',
      file: { name: 'site.png', bytes: PNG_1X1 },
    });
    expect(added.kind).toBe('added');
    const alice = (await env.deps.store.transaction((tx) => tx.org.person('alice')))!;
    const reportPhoto = await photo(3);
    expect((await addReportPhoto(env.deps, alice, { bytes: reportPhoto })).kind).toBe('photo');

    const evidence = (await env.deps.store.transaction((tx) => tx.deals.evidence(deal.deal.id)))[0]!;
    const evidenceSha = (await files.put(PNG_1X1)).sha256;
    const photoSha = (await files.put(reportPhoto)).sha256;
    const orphan = (await files.put(new Uint8Array([1, 2, 3]))).sha256;
    const young = (await files.put(new Uint8Array([4, 5, 6]))).sha256;
    const temp = `${shaPath(dir, orphan)}.6b1d2c9e-0000-4000-8000-000000000000.tmp`;
    writeFileSync(temp, 'half a file');
    const stray = join(dir, 'README');
    mkdirSync(dir, { recursive: true });
    writeFileSync(stray, 'not ours');

    for (const sha of [evidenceSha, photoSha, orphan]) age(shaPath(dir, sha), 2 * FILE_SWEEP_GRACE_MS);
    age(temp, 2 * FILE_SWEEP_GRACE_MS);
    age(shaPath(dir, young), 10 * MINUTE);

    expect(evidence.kind).toBe('photo');
    expect(await sweepOrphanFiles(env.deps)).toEqual({ removed: 2, kept: 3 });
    expect(existsSync(shaPath(dir, evidenceSha))).toBe(true);
    expect(existsSync(shaPath(dir, photoSha))).toBe(true);
    expect(existsSync(shaPath(dir, young))).toBe(true);
    expect(existsSync(shaPath(dir, orphan))).toBe(false);
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(stray)).toBe(true);
    // Once the young one is past the hour it goes too; nothing else changes.
    age(shaPath(dir, young), FILE_SWEEP_GRACE_MS + MINUTE);
    expect(await sweepOrphanFiles(env.deps)).toEqual({ removed: 1, kept: 2 });
  });
});
