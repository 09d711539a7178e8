// The README's command table (section "Chat: commands, cards and the playground") against the declarations in
// src/modules/<m>/commands.ts: every word it shows is a declared one, in its language, and every declared command
// has a row. Examples in parentheses (`/kbi`, `30万`, "or the button") are left out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, WORDS, type AnyCommandSpec } from '../src/conversation/commands.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The rows of the first table of the chat section: [what, English, 中文]. */
function commandTable(): string[][] {
  const section = README.slice(README.indexOf('## Chat: commands, cards and the playground'));
  const lines = section.split('\n');
  const start = lines.findIndex((l) => /^\|.*\|\s*English\s*\|\s*中文\s*\|$/.test(l));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .replace(/\\\|/g, '¦')
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** The command forms of a cell: its code spans outside parentheses, without a leading slash. */
function forms(cell: string): string[] {
  const outside = cell.replace(/\([^)]*\)/g, '');
  return [...outside.matchAll(/`([^`]+)`/g)].map((m) =>
    (m[1] as string).replace(/^\//, '').replace(/¦/g, '|'),
  );
}

/** The declared command a form starts with (two words first: `team board`, `deal new`), and the word. */
function commandOf(form: string): { spec: AnyCommandSpec; word: string } | null {
  const words = form.split(/\s+/);
  const two = words.slice(0, 2).join(' ').toLowerCase();
  if (words.length > 1 && WORDS.has(two)) return { spec: WORDS.get(two)!, word: two };
  const one = (words[0] ?? '').toLowerCase();
  return WORDS.has(one) ? { spec: WORDS.get(one)!, word: one } : null;
}

const rows = commandTable();

describe('README command table', () => {
  it('is found, with its three columns', () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
    for (const row of rows) expect(row).toHaveLength(3);
  });

  it('shows only declared words, each in its own language column', () => {
    const wrong: string[] = [];
    for (const [, en = '', zh = ''] of rows) {
      for (const form of forms(en)) {
        const found = commandOf(form);
        const english =
          found === null ? [] : [found.spec.verb, ...found.spec.aliases.en].map((w) => w.toLowerCase());
        if (found === null || !english.includes(found.word)) wrong.push(`English: ${form}`);
      }
      for (const form of forms(zh)) {
        const found = commandOf(form);
        if (found === null || !found.spec.aliases.zh.map((w) => w.toLowerCase()).includes(found.word))
          wrong.push(`中文: ${form}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has a row for every declared command, in both languages', () => {
    const shown = (column: 1 | 2) =>
      new Set(rows.flatMap((row) => forms(row[column] ?? '').map((f) => commandOf(f)?.spec.verb)));
    const en = shown(1);
    const zh = shown(2);
    expect(COMMANDS.map((c) => c.verb).filter((verb) => !en.has(verb) || !zh.has(verb))).toEqual([]);
  });
});
