// The keyboard shortcuts of the whole window: one keydown listener on the document, which runs the
// shortcut a view has bound for the key, if that view is showing.

import { getState } from './state.js';
import { typingIn } from './dom.js';

const bindings = [];

/**
 * Runs `run(event)` when `shortcut` is pressed while `view` shows (`null`: whichever view shows).
 * `shortcut` names the key by `key` (what it types, as `KeyboardEvent.key`) or by `code` (where it
 * sits, for Alt chords, which type other characters on some layouts), and `mods`: 'ctrl' (Ctrl, or
 * Cmd on a Mac), 'alt', or none. `run` returns false when the shortcut does not apply right now; the
 * key is then left to the page.
 */
export function bind(view, { key, code, mods = '' }, run) {
  bindings.push({ view, key, code, mods, run });
}

function modsOf(e) {
  if (e.ctrlKey || e.metaKey) return e.altKey ? 'ctrl+alt' : 'ctrl';
  return e.altKey ? 'alt' : '';
}

// A plain key is text while a field has the focus, and belongs to the dialog while one is open:
// only chords reach through. Shift is not a modifier here: it is part of the key typed ("/" needs
// it on some layouts). A held key runs its shortcut once; each shortcut is one step, not a motion.
document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.repeat) return;
  const mods = modsOf(e);
  if (!mods && (typingIn(e.target) || document.querySelector('dialog[open]'))) return;
  const { view } = getState();
  for (const b of bindings) {
    if (b.mods !== mods || (b.view && b.view !== view)) continue;
    if (b.code ? b.code !== e.code : b.key !== e.key) continue;
    if (b.run(e) === false) continue;
    e.preventDefault();
    return;
  }
});
