// The one place the UI maps a failed call to what it shows: nothing for a call the page itself
// cancelled (the user moved on), else the message after what the user was doing ("not saved",
// "Model export failed"), naming the node, field, file or line where the failure says where it
// happened and the message does not already. A notice about a node also carries that node, so the
// notice can offer to select it in the editor.
import type { Failure, Where } from '../../src-main/contract/channel';

/** A failed call as the UI shows it: the text, and the node it is about (when the failure names one). */
export interface FailureNotice {
  text: string;
  node?: string;
}

/** Failure-like values: a call's Failure, or a local parse result ({ ok: false, error }). */
export type FailureLike = Pick<Failure, 'error' | 'kind' | 'where'>;

/** where-it-happened in the user's words, leaving out what the message already says */
function whereText(message: string, where: Where | undefined): string {
  if (!where) return '';
  const parts: string[] = [];
  const lower = message.toLowerCase();
  // a field is named when its last part is ("Units 0 is out of range" names units; "label" names dataset.label)
  const fieldName = where.field
    ?.split(/[.[\]]/)
    .filter(Boolean)
    .pop();
  if (where.node && !message.includes(where.node)) parts.push(`node “${where.node}”`);
  if (where.field && fieldName && !lower.includes(fieldName.toLowerCase())) parts.push(`field “${where.field}”`);
  if (where.file && !message.includes(where.file)) {
    const at = where.line ? `:${where.line}${where.column ? `:${where.column}` : ''}` : '';
    parts.push(`file ${where.file}${at}`);
  } else if (where.line && !/\bline \d/.test(message)) parts.push(`line ${where.line}${where.column ? `, column ${where.column}` : ''}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The notice for a failure, or null when the page itself cancelled the call (nothing to tell). */
export function failureNotice(f: FailureLike, doing?: string): FailureNotice | null {
  if (f.kind === 'cancelled') return null;
  const message = `${f.error}${whereText(f.error, f.where)}`;
  const text = doing ? `${doing}: ${message}` : message;
  return f.where?.node ? { text, node: f.where.node } : { text };
}

/** The text for a failure, or null when the page itself cancelled the call. */
export function failureText(f: FailureLike, doing?: string): string | null {
  return failureNotice(f, doing)?.text ?? null;
}
