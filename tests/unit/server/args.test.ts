import { describe, expect, it } from 'vitest';
import { parseWebArgs } from '../../../src-main/server/args';

describe('parseWebArgs', () => {
  it('reads --port in both spellings and refuses nonsense with a usable message', () => {
    expect(parseWebArgs([])).toEqual({ ok: true, args: { port: null, maxFrameBytes: null } });
    expect(parseWebArgs(['--port', '8080'])).toEqual({ ok: true, args: { port: 8080, maxFrameBytes: null } });
    expect(parseWebArgs(['--port=0'])).toEqual({ ok: true, args: { port: 0, maxFrameBytes: null } });
    expect(parseWebArgs(['--port', 'http'])).toEqual({ ok: false, error: '--port http: expected a whole number from 0 to 65535' });
    expect(parseWebArgs(['--port', '70000'])).toMatchObject({ ok: false });
    expect(parseWebArgs(['--port'])).toEqual({ ok: false, error: '--port needs a number' });
    expect(parseWebArgs(['--host', '0.0.0.0'])).toEqual({ ok: false, error: 'unknown option --host; usage: npm run web [-- --port N]' });
  });
});
