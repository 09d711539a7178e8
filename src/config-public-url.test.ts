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
    // Signed one-time form links must not travel in clear text (issue 22, finding 17).
    [{ PUBLIC_URL: 'http://leadline.example.com' }, 'PUBLIC_URL: expected https://'],
    [{ PUBLIC_URL: 'http://localhost.example.com' }, 'PUBLIC_URL: expected https://'],
    [{ API_RATE_LIMIT: '0' }, 'API_RATE_LIMIT: expected at least 1 request per minute'],
    [{ API_RATE_LIMIT: 'lots' }, 'API_RATE_LIMIT: expected a number of requests per minute'],
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

describe('PUBLIC_URL over http:// and API_RATE_LIMIT', () => {
  it.each([
    'http://localhost:3000',
    'http://127.0.0.1:3000/',
    'http://[::1]:3000',
    'HTTPS://leadline.example.com',
  ])('accepts %s (this machine, while trying things out, or https)', (url) => {
    expect(loadConfig({ PUBLIC_URL: url }).publicUrl).toBe(url);
  });

  it('reads API_RATE_LIMIT, 60 requests per minute when unset', () => {
    expect(loadConfig({}).apiRateLimit).toBe(60);
    expect(loadConfig({ API_RATE_LIMIT: '600' }).apiRateLimit).toBe(600);
  });
});
