// F39 in chat: `whatif FILE` / `规则预演 FILE` through the conversation layer on a real database. Only managers
// and admins, and only files inside the rules folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, type ChatDeps } from '../src/conversation/conversation.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import type { Person } from '../src/kernel/types.ts';
import { DATABASES, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let root: string;
let rulesDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'leadline-whatif-chat-'));
  rulesDir = join(root, 'rules');
  mkdirSync(rulesDir);
  writeFileSync(
    join(rulesDir, 'new.yaml'),
    'routing:\n  rules:\n    - team: east-1\n      exclude: { tags: [职业院校] }\n',
  );
  writeFileSync(join(rulesDir, 'bad.yaml'), 'pool:\n  claimCapPerDay: -1\n');
  writeFileSync(join(root, 'secret.yaml'), 'routing:\n  roles: [rep]\n');
  symlinkSync(join(root, 'secret.yaml'), join(rulesDir, 'link.yaml'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.each(DATABASES)('whatif in chat on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let chat: ChatDeps;
  const boss = person('boss', { role: 'manager', locale: 'en', name: 'Wang' });
  const say = (who: Person, text: string) => handleInbound(chat, who, { kind: 'command', text });

  beforeEach(async () => {
    env = current();
    chat = { engine: env.deps, defaultLocale: 'zh-CN', rulesDir };
    await seedOrg(env, [person('a1', { skills: ['职业院校'] }), person('b1', { teamId: 'west' })], {
      teams: [
        { id: 'east-1', name: 'East', managerId: 'boss', channels: {} },
        { id: 'west', name: 'West', managerId: null, channels: {} },
      ],
      people: [boss, person('a1', { skills: ['职业院校'] }), person('b1', { teamId: 'west' })],
    });
    for (let i = 0; i < 3; i += 1) {
      env.clock.advance(HOUR);
      await submitLead(env.deps, { fields: leadFields({ budget: 300_000, tags: ['职业院校'] }), via: 'api' });
    }
    env.clock.advance(HOUR);
  });

  it('gives a manager the summary card with the blocking warning and where to get the CSV', async () => {
    const [reply] = await say(boss, 'whatif new.yaml');
    expect(reply?.card.title).toBe('Rule what-if: new.yaml');
    expect(reply?.card.level).toBe('red');
    expect(reply?.card.fields).toContainEqual({ label: 'Leads replayed', value: '3' });
    expect(reply?.card.fields).toContainEqual({ label: 'Destination changes', value: '3' });
    expect(reply?.card.body).toContain(
      'team East would receive none of 3 leads tagged 职业院校 (rule routing.rules[0]); in this period these were 100 % of its high-score leads',
    );
    expect(reply?.card.body).toContain('`leadline whatif new.yaml --csv`');
    // The chart of leads per rep under both rules, and the CSV with the changed leads.
    expect([...(reply?.card.image?.png ?? new Uint8Array()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(reply?.card.file?.name).toBe('whatif-new.yaml.csv');
    const csv = Buffer.from(reply?.card.file?.bytes ?? new Uint8Array()).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n').filter((l) => l.startsWith('changed,'))).toHaveLength(3);
    // Per lead source (issue 24 item 10): the three web leads still reach a rep; nobody has closed a lead.
    expect(reply?.card.body).toContain(
      '• web (3 leads): coverage 100 % → 100 % (0 pts), expected conversion - → - (- pts)',
    );
    expect(csv.split('\r\n').filter((l) => l.startsWith('source,'))).toEqual([
      'source,web,web,,3,3,0,,,,,,,,,,3,100,100,0,',
    ]);
  });

  it('answers in Chinese to 规则预演', async () => {
    const [reply] = await say({ ...boss, locale: 'zh-CN' }, '规则预演 new.yaml');
    expect(reply?.card.title).toBe('规则预演：new.yaml');
    expect(reply?.card.body).toContain('East 将收不到 3 条标签为 职业院校的线索');
    expect(reply?.card.body).toContain(
      '• web（3 条线索）：覆盖率 100% → 100%（0 个百分点），预期转化 - → -（- 个百分点）',
    );
  });

  it('refuses a rep', async () => {
    const [reply] = await say(person('a1', { locale: 'en' }), 'whatif new.yaml');
    expect(reply?.card.title).toBe('Only managers and admins can run a rule what-if.');
  });

  it.each([
    ['../secret.yaml', 'is not inside the rules folder'],
    ['/etc/passwd', 'is not inside the rules folder'],
    ['link.yaml', 'is not inside the rules folder'],
    ['missing.yaml', 'There is no file missing.yaml in the rules folder'],
    ['bad.yaml', 'pool.claimCapPerDay: expected a number ≥ 0'],
  ])('reads nothing outside the rules folder: %s', async (file, words) => {
    const [reply] = await say(boss, `whatif ${file}`);
    expect(reply?.card.title).toContain(words);
    expect(reply?.card.title).not.toContain('Rule what-if');
  });
});
