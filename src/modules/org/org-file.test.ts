import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.ts';
import { parseOrgFile } from './org-file.ts';

const problems = (text: string): string[] => {
  try {
    parseOrgFile(text);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('the org file as an overlay', () => {
  it('keeps only the values an entry sets, and finds people by messenger id, email or name', () => {
    const org = parseOrgFile(
      [
        'people:',
        '  - wecom: LiMin',
        '    role: presales',
        '  - email: a@example.com',
        '    capacity: 3',
        '    locale: en',
        '  - id: wang',
        '    name: 王强',
        '    skills: [教育]',
      ].join('\n'),
    );
    expect(org.people.map((p) => p.id)).toEqual(['wang']); // only a whole entry is a person of its own
    expect(org.overlay).toEqual([
      { at: 'people[0]', key: { identities: { wecom: 'LiMin' } }, values: { role: 'presales' } },
      {
        at: 'people[1]',
        key: { email: 'a@example.com', identities: {} },
        values: { capacity: 3, locale: 'en' },
      },
      { at: 'people[2]', key: { id: 'wang', name: '王强', identities: {} }, values: { skills: ['教育'] } },
    ]);
  });

  it('refuses an entry it cannot find anyone by, and a team on an entry without id and name', () => {
    expect(problems('people:\n  - role: rep\n')).toEqual([
      'people[0]: expected an id, a name, an email or a messenger id to find the person by',
    ]);
    expect(problems('people:\n  - wecom: X\n    team: east\n')).toEqual([
      'people[0].team: the team of a person without id and name comes from the directory sync',
    ]);
  });
});
