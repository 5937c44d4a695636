// The one place the UI maps a failed call to what it shows: nothing for a call the page itself
// cancelled (the user moved on), else the message, which already names the node, field, file or line.
import type { Failure } from '../../src-main/contract/channel';

export function failureText(f: Failure): string | null {
  return f.kind === 'cancelled' ? null : f.error;
}
