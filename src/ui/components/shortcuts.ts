// Keyboard shortcuts, pure: which action a key press means (README § Keyboard shortcuts).

/** The actions shortcuts trigger. */
export type ShortcutAction = 'run' | 'cancel' | 'next-symbol' | 'previous-symbol';

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The event target is a text field, select or editable element (plain keys then belong to it). */
  inField: boolean;
}

/** Ctrl/Cmd+Enter → run, Escape → cancel, ] / [ → next / previous symbol (not while typing in a field). */
export function shortcutFor(k: KeyPress): ShortcutAction | null {
  if (k.key === 'Enter' && (k.ctrlKey || k.metaKey) && !k.altKey) return 'run';
  if (k.key === 'Escape') return 'cancel';
  if (k.inField || k.ctrlKey || k.metaKey || k.altKey) return null;
  if (k.key === ']') return 'next-symbol';
  if (k.key === '[') return 'previous-symbol';
  return null;
}

/** The symbol `step` places after `current` in `ids`, wrapping around; `current` when the list is empty. */
export function stepSymbol(ids: readonly string[], current: string, step: 1 | -1): string {
  if (ids.length === 0) return current;
  const i = ids.indexOf(current);
  return ids[(((i < 0 ? 0 : i + step) % ids.length) + ids.length) % ids.length];
}
