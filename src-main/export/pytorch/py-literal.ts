// JSON-like values → Python literal source (True/False/None, repr-safe strings). Pure.

export type PyValue = string | number | boolean | null | undefined | PyValue[] | { [key: string]: PyValue };

/** A Python string literal (double quotes, escapes for quotes, backslashes and control characters). */
export function pyStr(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Python number literal; non-finite numbers become float('nan') / float('inf'). */
export function pyNum(n: number): string {
  if (Number.isNaN(n)) return "float('nan')";
  if (!Number.isFinite(n)) return n > 0 ? "float('inf')" : "-float('inf')";
  return String(n);
}

/** Python source for a value; objects and long lists break over lines at `indent`. */
export function pyLiteral(v: PyValue, indent = 0): string {
  const pad = ' '.repeat(indent + 4);
  const end = ' '.repeat(indent);
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNum(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => pyLiteral(x, indent + 4));
    const flat = `[${items.join(', ')}]`;
    if (flat.length + indent <= 100 && !flat.includes('\n')) return flat;
    return `[\n${items.map((i) => `${pad}${i},`).join('\n')}\n${end}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, x]) => `${pyStr(k)}: ${pyLiteral(x, indent + 4)}`);
  const flat = `{${items.join(', ')}}`;
  if (flat.length + indent <= 100 && !flat.includes('\n')) return flat;
  return `{\n${items.map((i) => `${pad}${i},`).join('\n')}\n${end}}`;
}
