// The explicit Maxout grouping as text: "0,1; 2,3" (groups separated by ";", indices by ","). Pure.

export function formatGroups(groups: readonly (readonly number[])[]): string {
  return groups.map((g) => g.join(',')).join('; ');
}

export function parseGroups(text: string): { ok: true; groups: number[][] } | { ok: false; error: string } {
  const parts = text.split(';').map((p) => p.trim());
  if (parts.length === 1 && parts[0] === '') return { ok: false, error: 'list the groups, e.g. "0,1; 2,3"' };
  const groups: number[][] = [];
  for (let g = 0; g < parts.length; g++) {
    const part = parts[g]!;
    if (part === '') {
      if (g === parts.length - 1) continue; // a trailing ";"
      return { ok: false, error: `group ${g} is empty` };
    }
    const group: number[] = [];
    for (const tok of part.split(',').map((t) => t.trim())) {
      if (!/^\d+$/.test(tok)) return { ok: false, error: `group ${g}: "${tok}" is not a whole number ≥ 0` };
      group.push(Number(tok));
    }
    groups.push(group);
  }
  return { ok: true, groups };
}
