// The one exhaustiveness check. A `switch` over a union ends in `default: return assertNever(x, 'what')`,
// so a forgotten case fails to compile; reaching it at run time means a value slipped past validation.
export function assertNever(x: never, what: string): never {
  throw new Error(`unknown ${what} ${JSON.stringify(x)}`);
}
