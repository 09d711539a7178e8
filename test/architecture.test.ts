// Architecture checks: the dependency direction of DESIGN.md ("Layout"), read from the source files themselves.
// Imports are read with the TypeScript scanner (ts.preProcessFile: every import/export form, dynamic import()
// and require(), never a comment or a string), and the domain's clock/randomness calls from the syntax tree.
//
// Scope: production code — src/, adapters/ (and src/adapters/ should one appear), bin/ and the root's own
// files. Tests (test/, *.test.ts) and bench/ are left out: a test may open the database directly to check it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'data', 'drizzle', 'coverage', 'dist', 'build']);

/** Packages the domain may use: pure, no I/O (gcoord: datum conversion for distances, F29). */
const DOMAIN_PACKAGES = new Set(['luxon', 'gcoord']);
/** Packages only the store may import (drizzle.config.ts and drizzle.pg.config.ts, at the root, configure drizzle-kit). */
const DATABASE_PACKAGES = new Set(['drizzle-orm', 'better-sqlite3', 'drizzle-kit', 'pg']);
const DATABASE_EXCEPTIONS = new Set(['drizzle.config.ts', 'drizzle.pg.config.ts']);

interface SourceFile {
  /** Path from the project root, with forward slashes. */
  path: string;
  text: string;
}

type Target =
  { kind: 'project'; path: string } | { kind: 'package'; name: string } | { kind: 'builtin'; name: string };

interface Import {
  file: string;
  line: number;
  specifier: string;
  target: Target;
}

// ---------------------------------------------------------------------------------------------------------
// Scanning

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** Every source file under `dir` (relative to the root), or none when it does not exist. */
function sourceFiles(dir: string): SourceFile[] {
  const abs = resolve(ROOT, dir);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile())
    return SOURCE.test(abs) ? [{ path: toPosix(relative(ROOT, abs)), text: readFileSync(abs, 'utf8') }] : [];
  const out: SourceFile[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...sourceFiles(join(dir, entry.name)));
    } else if (entry.isFile() && SOURCE.test(entry.name)) {
      out.push(...sourceFiles(join(dir, entry.name)));
    }
  }
  return out;
}

function isTest(path: string): boolean {
  return /\.test\.[cm]?[jt]sx?$/.test(path) || path.startsWith('test/');
}

/** Production code: src, adapters, bin and the files at the root (not tests, not bench). */
function productionFiles(): SourceFile[] {
  const rootFiles = readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .flatMap((e) => sourceFiles(e.name));
  return [...sourceFiles('src'), ...sourceFiles('adapters'), ...sourceFiles('bin'), ...rootFiles].filter(
    (f) => !isTest(f.path),
  );
}

function classify(file: string, specifier: string): Target {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    return { kind: 'project', path: toPosix(relative(ROOT, resolve(ROOT, dirname(file), specifier))) };
  }
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  if (
    specifier.startsWith('node:') ||
    builtinModules.includes(bare) ||
    builtinModules.includes(bare.split('/')[0] ?? '')
  ) {
    return { kind: 'builtin', name: bare };
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  return { kind: 'package', name };
}

function importsOf(file: SourceFile): Import[] {
  const found = ts.preProcessFile(file.text, true, true).importedFiles;
  return found.map((f) => ({
    file: file.path,
    line: file.text.slice(0, f.pos).split('\n').length,
    specifier: f.fileName,
    target: classify(file.path, f.fileName),
  }));
}

/** Calls that read the clock or draw random numbers: Date.now(), new Date(), Date(), Math.random(), performance.now(). */
function clockCalls(file: SourceFile): Array<{ line: number; call: string }> {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; call: string }> = [];
  const member = (e: ts.Expression, object: string, name: string) =>
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === object &&
    e.name.text === name;
  const visit = (node: ts.Node): void => {
    let call: string | null = null;
    if (ts.isCallExpression(node)) {
      const e = node.expression;
      if (member(e, 'Date', 'now')) call = 'Date.now()';
      else if (member(e, 'Math', 'random')) call = 'Math.random()';
      else if (member(e, 'performance', 'now')) call = 'performance.now()';
      else if (ts.isIdentifier(e) && e.text === 'Date') call = 'Date()';
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Date'
    ) {
      if (node.arguments === undefined || node.arguments.length === 0) call = 'new Date()';
    }
    if (call !== null) out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, call });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Rules: each takes the files and lists offences as "file:line imports 'specifier' (why)".

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const inProject = (i: Import, ...dirs: string[]) =>
  i.target.kind === 'project' && dirs.some((d) => under((i.target as { path: string }).path, d));
/** Where a project import points, without its extension (so `src/cli.ts` and `src/cli/x.ts` both match `src/cli`). */
const stem = (p: string) => p.replace(/\.[cm]?[jt]sx?$/, '');
const offence = (i: Import, why: string) => `${i.file}:${i.line} imports '${i.specifier}' (${why})`;
const isAdapter = (path: string) => under(path, 'adapters') || under(path, 'src/adapters');

/** Pure code: the kernel, every module's rules/ and the modules' rules aggregate (no I/O, no clock). */
const isPure = (path: string) =>
  under(path, 'src/kernel') ||
  /^src\/modules\/[^/]+\/rules\//.test(path) ||
  stem(path) === 'src/modules/rules';

function domainOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => isPure(f.path))
    .flatMap(importsOf)
    .filter((i) => {
      if (i.target.kind === 'project') return !isPure(i.target.path);
      if (i.target.kind === 'package') return !DOMAIN_PACKAGES.has(i.target.name);
      return true; // node builtins mean I/O or ambient state
    })
    .map((i) =>
      offence(i, `pure rules may import only the kernel, other rules and ${[...DOMAIN_PACKAGES].join(', ')}`),
    );
}

function adapterOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => isAdapter(f.path))
    .flatMap(importsOf)
    .filter((i) => inProject(i, 'src/store'))
    .map((i) => offence(i, 'no adapter touches the database; go through the engine'));
}

function upwardOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => under(f.path, 'src/modules') || under(f.path, 'src/kernel'))
    .flatMap(importsOf)
    .filter((i) => {
      if (i.target.kind !== 'project') return false;
      const p = stem(i.target.path);
      return (
        under(p, 'src/http') ||
        under(p, 'src/cli') ||
        under(p, 'src/main') ||
        under(p, 'src/jobs') ||
        isAdapter(p)
      );
    })
    .map((i) =>
      offence(
        i,
        'modules and kernel must not know the HTTP app, the CLI, the jobs, the server entry or any messenger',
      ),
    );
}

function databaseOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => !under(f.path, 'src/store') && !DATABASE_EXCEPTIONS.has(f.path))
    .flatMap(importsOf)
    .filter((i) => i.target.kind === 'package' && DATABASE_PACKAGES.has(i.target.name))
    .map((i) => offence(i, 'only src/store knows SQL and the database driver'));
}

function clockOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => isPure(f.path))
    .flatMap((f) =>
      clockCalls(f).map(
        (c) => `${f.path}:${c.line} calls ${c.call} (pure rules take the time and randomness as arguments)`,
      ),
    );
}

/** Files that import each other, directly or round a loop (type-only imports included): each cycle once. */
function importCycles(files: SourceFile[]): string[][] {
  const known = new Map(files.map((f) => [stem(f.path), f.path]));
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const targets = importsOf(f)
      .filter((i) => i.target.kind === 'project')
      .map((i) => known.get(stem((i.target as { path: string }).path)))
      .filter((p): p is string => p !== undefined && p !== f.path);
    edges.set(f.path, [...new Set(targets)].sort());
  }
  // Tarjan's strongly connected components; a component of more than one file is a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const isUseCase = (path: string) => /^src\/modules\/[^/]+\/use-cases\//.test(path);
/** What a use case must not know: rendering (cards, charts, words), chat handling and the conversation layer. */
const isPresentation = (path: string) =>
  /^src\/modules\/[^/]+\/(cards|charts|chat)\//.test(path) ||
  /^src\/modules\/([^/]+\/)?(i18n|i18n-[\w-]+|notices|commands)$/.test(stem(path)) ||
  under(path, 'src/conversation');

function useCaseOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => isUseCase(f.path))
    .flatMap(importsOf)
    .filter((i) => i.target.kind === 'project' && isPresentation(i.target.path))
    .map((i) => offence(i, 'use cases never render: cards, charts and words belong to delivery and chat'));
}

function kernelOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => under(f.path, 'src/kernel'))
    .flatMap(importsOf)
    .filter((i) => i.target.kind === 'project' && !under(i.target.path, 'src/kernel'))
    .map((i) => offence(i, 'the kernel is the shared vocabulary: it imports nothing above it'));
}

/** Conversation code calls use cases; it never opens a transaction of its own. */
function transactionOffences(files: SourceFile[]): string[] {
  return files
    .filter((f) => under(f.path, 'src/conversation') || /^src\/modules\/[^/]+\/chat\//.test(f.path))
    .flatMap((f) =>
      f.text
        .split('\n')
        .flatMap((line, n) =>
          /\.transaction\s*\(/.test(line) ? [`${f.path}:${n + 1} opens a transaction`] : [],
        ),
    );
}

/** Source files may not pass 400 lines, except data tables (catalogs, the default pipelines, the demo's people). */
const DATA_TABLES = /(^|\/)(i18n(-[\w-]+)?|default-pipelines|risk-signals|demo-data)\.ts$/;
function longFiles(files: SourceFile[]): string[] {
  return files
    .filter((f) => !DATA_TABLES.test(f.path))
    .map((f) => ({ path: f.path, lines: f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0) }))
    .filter((f) => f.lines > 400)
    .map((f) => `${f.path}: ${f.lines} lines`);
}

// ---------------------------------------------------------------------------------------------------------

const files = productionFiles();

describe('architecture: dependencies point one way (DESIGN.md, Layout)', () => {
  it('keeps the kernel and every rules/ folder pure: they import only pure files, luxon and gcoord, never a node builtin', () => {
    expect(domainOffences(files)).toEqual([]);
  });

  it('keeps pure rules off the clock and randomness: no Date.now(), new Date(), Date() or Math.random()', () => {
    expect(clockOffences(files)).toEqual([]);
  });

  it('keeps the modules and the kernel unaware of the HTTP app, the CLI, the jobs and the messenger adapters', () => {
    expect(upwardOffences(files)).toEqual([]);
  });

  it('keeps the adapters away from the store (they go through the engine)', () => {
    // adapters/ may not exist yet; then there is nothing to offend, and the rule still runs on whatever does.
    expect(adapterOffences(files)).toEqual([]);
  });

  it('has no import cycle between files, type-only imports included', () => {
    expect(importCycles(files)).toEqual([]);
  });

  it('keeps use cases from rendering: no cards, charts, catalog, chat or conversation code', () => {
    expect(useCaseOffences(files)).toEqual([]);
  });

  it('keeps the kernel below everything: it imports only kernel files', () => {
    expect(kernelOffences(files)).toEqual([]);
  });

  it('keeps transactions in the use cases: conversation and chat code opens none', () => {
    expect(transactionOffences(files)).toEqual([]);
  });

  it('keeps every source file under 400 lines, data tables excepted', () => {
    expect(longFiles(files)).toEqual([]);
  });

  it('keeps drizzle and better-sqlite3 inside src/store (drizzle.config.ts and bench/ excepted)', () => {
    expect(databaseOffences(files)).toEqual([]);
  });
});

describe('architecture checks: the new layout rules on made-up files', () => {
  it('finds a cycle of three files, and a type-only pair, and nothing in a chain', () => {
    const made: SourceFile[] = [
      { path: 'src/a.ts', text: "import { b } from './b.ts';" },
      { path: 'src/b.ts', text: "import { c } from './c.ts';" },
      { path: 'src/c.ts', text: "import { a } from './a.ts';" },
      { path: 'src/d.ts', text: "import type { E } from './e.ts';" },
      { path: 'src/e.ts', text: "import type { D } from './d.ts';" },
      { path: 'src/f.ts', text: "import { a } from './a.ts';\nimport { g } from './g.ts';" },
      { path: 'src/g.ts', text: "import { h } from './h.ts';" },
      { path: 'src/h.ts', text: '' },
    ];
    expect(importCycles(made)).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/d.ts', 'src/e.ts'],
    ]);
  });

  it('names a use case that renders, a kernel file that looks up, chat code with a transaction and a long file', () => {
    const made: SourceFile[] = [
      {
        path: 'src/modules/deals/use-cases/x.ts',
        text: "import { dealCard } from '../cards/deal-card.ts';\nimport { t } from '../../i18n.ts';\nimport type { Deal } from '../rules/deals.ts';\nimport { helpCard } from '../../../conversation/help.ts';",
      },
      {
        path: 'src/kernel/x.ts',
        text: "import type { Tx } from '../modules/ports.ts';\nimport { g } from './geo.ts';",
      },
      {
        path: 'src/modules/kbi/chat/x.ts',
        text: 'const a = 1;\nawait deps.engine.store.transaction((tx) => tx.org.teams());',
      },
      { path: 'src/conversation/y.ts', text: 'const transactions = 2;' },
      { path: 'src/modules/leads/use-cases/long.ts', text: 'x;\n'.repeat(401) },
      { path: 'src/modules/leads/i18n.ts', text: 'x;\n'.repeat(900) },
    ];
    expect(useCaseOffences(made).map((o) => o.split(' (')[0])).toEqual([
      "src/modules/deals/use-cases/x.ts:1 imports '../cards/deal-card.ts'",
      "src/modules/deals/use-cases/x.ts:2 imports '../../i18n.ts'",
      "src/modules/deals/use-cases/x.ts:4 imports '../../../conversation/help.ts'",
    ]);
    expect(kernelOffences(made).map((o) => o.split(' (')[0])).toEqual([
      "src/kernel/x.ts:1 imports '../modules/ports.ts'",
    ]);
    expect(transactionOffences(made)).toEqual(['src/modules/kbi/chat/x.ts:2 opens a transaction']);
    expect(longFiles(made)).toEqual(['src/modules/leads/use-cases/long.ts: 401 lines']);
  });
});

describe('architecture checks: the scanner itself', () => {
  it('finds the real imports of the project, so the rules above cannot pass on nothing', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain('src/modules/leads/use-cases/claim-lead.ts');
    expect(paths).toContain('src/kernel/types.ts');
    expect(paths.some((p) => p.startsWith('test/') || p.endsWith('.test.ts'))).toBe(false);

    const engine = files.filter((f) => /^src\/modules\/[^/]+\/use-cases\//.test(f.path));
    const engineImports = engine.flatMap(importsOf);
    expect(engine.length).toBeGreaterThanOrEqual(5);
    expect(engineImports.length).toBeGreaterThanOrEqual(20);
    expect(
      engineImports.filter((i) => i.target.kind === 'project' && isPure(i.target.path)).length,
    ).toBeGreaterThanOrEqual(5);

    const domainImports = files.filter((f) => isPure(f.path)).flatMap(importsOf);
    expect(domainImports.length).toBeGreaterThanOrEqual(5);
    const storeImports = files.filter((f) => under(f.path, 'src/store')).flatMap(importsOf);
    expect(storeImports.some((i) => i.target.kind === 'package' && i.target.name === 'drizzle-orm')).toBe(
      true,
    );
  });

  it('recognises every form of import, and not imports inside comments or strings', () => {
    const text = [
      "import a from './a.ts';",
      'import type { B } from "../b.ts";',
      'import {',
      '  c,',
      "} from '@scope/pkg/sub';",
      "export * from './e.ts';",
      "export type { F } from './f.ts';",
      "import './side-effect.ts';",
      "const g = await import('node:fs');",
      "const h = require('fs');",
      "// import fake from 'in-a-comment';",
      'const s = "import fake from \'in-a-string\'";',
    ].join('\n');
    const found = importsOf({ path: 'src/engine/x.ts', text });
    expect(found.map((i) => [i.line, i.specifier, i.target])).toEqual([
      [1, './a.ts', { kind: 'project', path: 'src/engine/a.ts' }],
      [2, '../b.ts', { kind: 'project', path: 'src/b.ts' }],
      [5, '@scope/pkg/sub', { kind: 'package', name: '@scope/pkg' }], // the line of the module name
      [6, './e.ts', { kind: 'project', path: 'src/engine/e.ts' }],
      [7, './f.ts', { kind: 'project', path: 'src/engine/f.ts' }],
      [8, './side-effect.ts', { kind: 'project', path: 'src/engine/side-effect.ts' }],
      [9, 'node:fs', { kind: 'builtin', name: 'fs' }],
      [10, 'fs', { kind: 'builtin', name: 'fs' }],
    ]);
  });

  it('reports each kind of offence with its file, line and import', () => {
    const bad: SourceFile[] = [
      {
        path: 'src/modules/leads/rules/bad.ts',
        text: "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nimport type { Tx } from '../../ports.ts';\nimport { DateTime } from 'luxon';\nimport type { Lead } from './types.ts';",
      },
      {
        path: 'src/kernel/clock.ts',
        text: '// Date.now() is not allowed here\nconst a = Date.now();\nconst b = new Date();\nconst c = new Date(0);\nconst d = Math.random();\nconst e = "Math.random()";',
      },
      {
        path: 'src/modules/leads/use-cases/bad.ts',
        text: "import { app } from '../../../http/app.ts';\nimport { run } from '../../../cli.ts';\nimport { x } from '../../../../adapters/slack/index.ts';\nimport { openStore } from '../../../store/index.ts';",
      },
      {
        path: 'adapters/slack/bad.ts',
        text: "import { openStore } from '../../src/store/index.ts';\nimport { claimLead } from '../../src/modules/leads/use-cases/claim-lead.ts';",
      },
      {
        path: 'src/http/bad.ts',
        text: "import Database from 'better-sqlite3';\nimport { eq } from 'drizzle-orm';",
      },
      { path: 'src/store/ok.ts', text: "import { eq } from 'drizzle-orm';" },
      { path: 'drizzle.config.ts', text: "import { defineConfig } from 'drizzle-kit';" },
    ];
    expect(domainOffences(bad)).toEqual([
      "src/modules/leads/rules/bad.ts:1 imports 'zod' (pure rules may import only the kernel, other rules and luxon, gcoord)",
      "src/modules/leads/rules/bad.ts:2 imports 'node:fs' (pure rules may import only the kernel, other rules and luxon, gcoord)",
      "src/modules/leads/rules/bad.ts:3 imports '../../ports.ts' (pure rules may import only the kernel, other rules and luxon, gcoord)",
    ]);
    expect(clockOffences(bad)).toEqual([
      'src/kernel/clock.ts:2 calls Date.now() (pure rules take the time and randomness as arguments)',
      'src/kernel/clock.ts:3 calls new Date() (pure rules take the time and randomness as arguments)',
      'src/kernel/clock.ts:5 calls Math.random() (pure rules take the time and randomness as arguments)',
    ]);
    expect(upwardOffences(bad).map((o) => o.split(' (')[0])).toEqual([
      "src/modules/leads/use-cases/bad.ts:1 imports '../../../http/app.ts'",
      "src/modules/leads/use-cases/bad.ts:2 imports '../../../cli.ts'",
      "src/modules/leads/use-cases/bad.ts:3 imports '../../../../adapters/slack/index.ts'",
    ]);
    expect(adapterOffences(bad).map((o) => o.split(' (')[0])).toEqual([
      "adapters/slack/bad.ts:1 imports '../../src/store/index.ts'",
    ]);
    expect(databaseOffences(bad).map((o) => o.split(' (')[0])).toEqual([
      "src/http/bad.ts:1 imports 'better-sqlite3'",
      "src/http/bad.ts:2 imports 'drizzle-orm'",
    ]);
  });
});
