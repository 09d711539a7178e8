// config/rules.example.yaml is the documentation of the defaults: it must say exactly what the code does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRules, ConfigError } from '../src/config.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';

describe('the example rules file', () => {
  it('parses to exactly the built-in defaults', () => {
    expect(parseRules(readFileSync('config/rules.example.yaml', 'utf8'))).toEqual(DEFAULT_RULES);
  });

  it('names the path of a wrong deal setting', () => {
    const bad = `deals:\n  defaultPipeline: nope\n  calendar: { weekend: [6, 7], holidays: [2026-10-01], workdays: [] }\n`;
    try {
      parseRules(bad);
      throw new Error('expected the rules to be refused');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual(
        expect.arrayContaining(['deals.defaultPipeline: defaultPipeline must name one of the pipelines']),
      );
    }
  });
});
