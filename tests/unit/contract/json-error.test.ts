// The JSON error locator must agree with JSON.parse on what is valid, and point at the right place.
import { describe, expect, it } from 'vitest';
import { findJsonError } from '../../../src-main/contract/json-error';

describe('findJsonError', () => {
  it('accepts everything JSON.parse accepts', () => {
    for (const t of ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e9\\n"', '{"a":[1,{"b":null}],"c":true,"d":false}', '\n[\n 1 ,\n 2\n]\n']) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(findJsonError(t), t).toBeNull();
    }
  });

  it('points at the first bad character, by line and column', () => {
    const cases: Array<[string, number, number]> = [
      ['{\n  "name": oops\n}', 2, 11],
      ['[1,2,,3]', 1, 6],
      ['{\n"a":1,\n}', 3, 1],
      ['{"a": 1', 1, 8],
      ['{"a": 01}', 1, 8],
      ['{"a": "tab\there"}', 1, 11],
      ['[1] x', 1, 5],
      ['', 1, 1],
    ];
    for (const [text, line, column] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(findJsonError(text), JSON.stringify(text)).toMatchObject({ line, column });
    }
  });
});
