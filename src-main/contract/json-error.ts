// Where JSON text first goes wrong, as line and column, and why, in words. JSON.parse (V8's parser is
// iterative: no nesting depth overflows it) decides what is valid; Microsoft's jsonc-parser (pure JS, the
// parser VS Code uses) locates the first error, since V8 names no position for some errors. jsonc-parser
// descends recursively, so text nested deeper than MAX_JSON_DEPTH is refused by a linear scan before it.
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';

export interface JsonErrorAt {
  offset: number;
  line: number;
  column: number;
  /** what is wrong there, e.g. "expected a comma" */
  problem: string;
}

/** Deeper than any project: nesting past this is refused before locating errors. */
export const MAX_JSON_DEPTH = 256;

const PROBLEMS: Partial<Record<keyof typeof ParseErrorCode, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is never closed',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'not a valid \\u escape',
  InvalidEscapeCharacter: 'not a valid escape after "\\"',
  InvalidCharacter: 'a string holds a control character (a tab or line break must be written \\t or \\n)',
};

function problemOf(code: ParseErrorCode): string {
  const name = printParseErrorCode(code) as keyof typeof ParseErrorCode;
  return PROBLEMS[name] ?? name;
}

/** Where JSON text first nests deeper than `limit` arrays/objects, or null. Linear, no recursion. */
export function findTooDeep(text: string, limit = MAX_JSON_DEPTH): JsonErrorAt | null {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return { offset: i, line, column: i - lineStart + 1, problem: `nested more than ${limit} levels deep` };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** The 1-based line and column of the first syntax error, or null when the text is valid JSON. Never overflows. */
export function findJsonError(text: string): JsonErrorAt | null {
  try {
    JSON.parse(text);
    return null;
  } catch {
    // located below
  }
  const deep = findTooDeep(text);
  if (deep) return deep;
  let first: JsonErrorAt | null = null;
  visit(
    text,
    {
      onError(error, offset, _length, startLine, startCharacter) {
        first ??= { offset, line: startLine + 1, column: startCharacter + 1, problem: problemOf(error) };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (first) return first;
  // JSON.parse refused what jsonc-parser accepts (no known case): point at the end rather than guess
  const lines = text.split('\n');
  return { offset: text.length, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, problem: 'not valid JSON' };
}
