// Where a path really leads: symbolic links followed (a dangling one to where it points), and for a
// path that does not exist yet, its nearest existing folder resolved with the rest appended.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { writeTarget } from '../export/atomic';

export async function realTarget(p: string): Promise<string> {
  let target: string;
  try {
    target = await writeTarget(p);
  } catch {
    target = path.resolve(p);
  }
  const rest: string[] = [];
  let current = target;
  for (;;) {
    const real = await realpath(current).catch(() => null);
    if (real !== null) return path.join(real, ...rest.reverse());
    const parent = path.dirname(current);
    if (parent === current) return target;
    rest.push(path.basename(current));
    current = parent;
  }
}
