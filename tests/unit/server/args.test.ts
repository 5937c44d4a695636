import { describe, expect, it } from 'vitest';
import { parseWebArgs } from '../../../src-main/server/args';

describe('parseWebArgs', () => {
  it('reads --port in both spellings and refuses nonsense with a usable message', () => {
    const none = { port: null, maxFrameBytes: null, token: null, noToken: false, folders: [], memoryBudgetMb: null };
    expect(parseWebArgs([])).toEqual({ ok: true, args: none });
    expect(parseWebArgs(['--port', '8080'])).toEqual({ ok: true, args: { ...none, port: 8080 } });
    expect(parseWebArgs(['--port=0'])).toEqual({ ok: true, args: { ...none, port: 0 } });
    expect(parseWebArgs(['--port', 'http'])).toEqual({ ok: false, error: '--port http: expected a whole number from 0 to 65535' });
    expect(parseWebArgs(['--port', '70000'])).toMatchObject({ ok: false });
    expect(parseWebArgs(['--port'])).toEqual({ ok: false, error: '--port needs a number' });
    expect(parseWebArgs(['--port='])).toEqual({ ok: false, error: '--port needs a number' });
    expect(parseWebArgs(['--memory-budget-mb', '8'])).toEqual({ ok: false, error: '--memory-budget-mb 8: expected a whole number from 16 to 1048576' });
    expect(parseWebArgs(['8080'])).toEqual({ ok: false, error: expect.stringMatching(/^unexpected argument 8080; usage: npm run web/) });
    expect(parseWebArgs(['--no-token=1'])).toEqual({ ok: false, error: expect.stringMatching(/^unknown option --no-token=1; usage/) });
    expect(parseWebArgs(['--host', '0.0.0.0'])).toEqual({
      ok: false,
      error: expect.stringMatching(/^unknown option --host; usage: npm run web \[-- --port N\]/),
    });
  });

  it('takes a fixed token from --token or GRADSCOPE_TOKEN, refuses a short one, and --no-token only alone', () => {
    const t = 'abcdefghijklmnop0123';
    expect(parseWebArgs(['--token', t])).toMatchObject({ ok: true, args: { token: t, noToken: false } });
    expect(parseWebArgs([], { GRADSCOPE_TOKEN: t })).toMatchObject({ ok: true, args: { token: t } });
    expect(parseWebArgs(['--token=short'])).toEqual({ ok: false, error: expect.stringMatching(/16 to 128 characters/) });
    expect(parseWebArgs(['--token', 'has spaces and is long enough'])).toMatchObject({ ok: false });
    expect(parseWebArgs(['--no-token'])).toMatchObject({ ok: true, args: { token: null, noToken: true } });
    expect(parseWebArgs(['--no-token', '--token', t])).toEqual({ ok: false, error: 'give --token or --no-token, not both' });
    expect(parseWebArgs(['--folder', '/a', '--folder=/b'])).toMatchObject({ ok: true, args: { folders: ['/a', '/b'] } });
  });
});
