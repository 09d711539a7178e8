// Runs once per `vitest run`, before any test file: work every file would otherwise repeat.
// - One SQLite file migrated with the real migrations; testEnv() copies it instead of migrating each test's
//   database afresh (about 100 ms per test on the 2-core CI machine; the copy is the same bytes).
// - The project compiled to JavaScript for the tests that spawn the CLI or the server (test/fixtures/compiled.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { compileProject } from './fixtures/compiled.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, closed SQLite database file to copy (see testEnv in test/helpers.ts). */
    sqliteTemplate: string;
    /** The folder the project was compiled into (see test/fixtures/compiled.ts). */
    compiledProject: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-run-'));
  const template = join(dir, 'template.db');
  const store = openSqliteStore(`file:${template}`);
  // Closing checkpoints the WAL into the file, so the one file is the whole database.
  await store.close();
  project.provide('sqliteTemplate', template);
  const compiled = join(dir, 'compiled');
  await compileProject(compiled);
  project.provide('compiledProject', compiled);
  return () => rmSync(dir, { recursive: true, force: true });
}
