// The JSON error locator must agree with JSON.parse on what is valid, point at the right place, say what
// is wrong in words, and survive any nesting depth.
import { describe, expect, it } from 'vitest';
import { findJsonError, MAX_JSON_DEPTH } from '../../../src-main/contract/json-error';
import { parseProject } from '../../../src-main/contract/project';

describe('findJsonError', () => {
  it('accepts everything JSON.parse accepts', () => {
    for (const t of ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e9\\n"', '{"a":[1,{"b":null}],"c":true,"d":false}', '\n[\n 1 ,\n 2\n]\n']) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(findJsonError(t), t).toBeNull();
    }
  });

  it('points at the first bad place, by line and column, and says what is wrong', () => {
    const cases: Array<[string, number, number, string]> = [
      ['{\n  "name": oops\n}', 2, 11, 'unexpected character'],
      ['[1,2,,3]', 1, 6, 'expected a value'],
      ['{\n"a":1,\n}', 3, 1, 'expected a property name in double quotes'],
      ['{"a": 1', 1, 8, 'expected "}"'],
      ['{"a": 01}', 1, 8, 'expected a comma'],
      ['{"a": "tab\there"}', 1, 7, 'control character'],
      ['[1] x', 1, 5, 'unexpected'],
      ['{"a": 1} // note', 1, 10, 'comments are not allowed'],
      ['', 1, 1, 'expected a value'],
    ];
    for (const [text, line, column, problem] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      const at = findJsonError(text);
      expect(at, JSON.stringify(text)).toMatchObject({ line, column });
      expect(at!.problem, JSON.stringify(text)).toContain(problem);
    }
  });

  it('does not overflow the stack on 100,000 nested brackets, valid or not', () => {
    const open = '['.repeat(100_000);
    expect(findJsonError(open + ']'.repeat(100_000))).toBeNull();
    const at = findJsonError(`\n  ${open}`);
    expect(at).toMatchObject({ line: 2, column: 3 + MAX_JSON_DEPTH });
    expect(at!.problem).toBe(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    const r = parseProject(`{"graph": ${open}`, 'deep.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^deep\.json: line 1, column \d+: nested more than 256 levels deep/);
  });
});
