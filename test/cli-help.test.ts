// Issue 21 item 11: the command line's help speaks to its users, not to the specification: no internal feature
// numbers ("F12", "F28–F29") on any command's help, nested ones included.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.ts';

/** Every command of the program, depth first, with its full name (`kbi targets import`). */
function walk(command: Command, path: string[] = []): Array<{ name: string; help: string }> {
  const name = [...path, command.name()];
  return [
    { name: name.join(' '), help: command.helpInformation() },
    ...command.commands.flatMap((c) => walk(c, name)),
  ];
}

describe('leadline help', () => {
  const all = walk(buildProgram());

  it('covers every command, nested ones too', () => {
    expect(all.length).toBeGreaterThan(25);
    for (const name of ['leadline demo', 'leadline kbi', 'leadline report', 'leadline whatif'])
      expect(all.map((c) => c.name)).toContain(name);
    expect(all.some((c) => c.name.split(' ').length === 3)).toBe(true);
  });

  it('names no internal feature number (F1–F99) in any help text', () => {
    const numbered = all
      .filter((c) => /\bF\d+\b/.test(c.help))
      .map((c) => `${c.name}: ${/[^\n]*\bF\d+\b[^\n]*/.exec(c.help)?.[0]}`);
    expect(numbered).toEqual([]);
  });
});
