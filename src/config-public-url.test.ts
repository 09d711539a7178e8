import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('PUBLIC_URL and FORM_SECRET', () => {
  it('are read when set and null when not', () => {
    expect(
      loadConfig({ PUBLIC_URL: 'https://leadline.example.com', FORM_SECRET: 'x'.repeat(32) }),
    ).toMatchObject({
      publicUrl: 'https://leadline.example.com',
      formSecret: 'x'.repeat(32),
    });
    expect(loadConfig({ PUBLIC_URL: '', FORM_SECRET: '' })).toMatchObject({
      publicUrl: null,
      formSecret: null,
    });
  });

  it.each([
    [{ PUBLIC_URL: 'leadline.example.com' }, 'PUBLIC_URL: expected the address phones reach this server at'],
    [
      { PUBLIC_URL: 'ftp://leadline.example.com' },
      'PUBLIC_URL: expected the address phones reach this server at',
    ],
    [{ FORM_SECRET: 'short' }, 'FORM_SECRET: expected at least 16 characters'],
  ])('refuses %j, naming the variable', (env, problem) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toContain(problem);
  });
});
