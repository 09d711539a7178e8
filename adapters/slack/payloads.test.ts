import { describe, expect, it } from 'vitest';
import { commandText } from './payloads.ts';

describe('slash command text → the one grammar', () => {
  it.each([
    ['/lead', 'claim 12', 'claim 12'],
    ['/deal', 'D12', 'deal D12'],
    ['/deal', 'ask <@U0PAT> D12 ERP?', 'deal ask @U0PAT D12 ERP?'],
    ['/deal', 'ask <@U0PAT|pat> D12 ERP?', 'deal ask @U0PAT D12 ERP?'],
    ['/report', 'distribution 2026-11', 'report distribution 2026-11'],
    ['/team', 'board', 'team board'],
    ['/team', 'funnel east-1', 'team funnel east-1'],
  ])('%s %s → %s', (command, text, expected) => expect(commandText(command, text)).toBe(expected));
});
