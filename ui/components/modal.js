// A modal dialog on the native <dialog> element: focus stays inside, Escape cancels, and an action
// that does work keeps the dialog open (and says so) until the work is done.

import { el } from '../lib/dom.js';

let seq = 0;

/**
 * Shows a dialog and resolves with the chosen action's value (null when cancelled with Escape).
 * An action with `run` closes only once `run` resolves to something other than `false`; its
 * button shows `busy` meanwhile. Pressing Enter in a form inside `body` runs the primary action.
 */
export function modal({ title, body, actions, testid, wide = false }) {
  return new Promise((resolve) => {
    const titleId = `modal-title-${++seq}`;
    let result = null;
    const buttons = actions.map((a, i) => el('button', {
      type: 'button', class: `btn ${a.kind ?? ''}`, dataset: { index: i }, 'data-testid': a.testid,
    }, a.label));
    const dialog = el('dialog', { class: `modal${wide ? ' wide' : ''}`, 'aria-labelledby': titleId, 'data-testid': testid },
      el('header', { class: 'modal-head' }, el('h2', { id: titleId }, title)),
      el('div', { class: 'modal-body' }, body),
      el('footer', { class: 'modal-actions' }, buttons));

    async function choose(i) {
      const a = actions[i];
      if (!a.run) { result = a.value ?? null; dialog.close(); return; }
      const b = buttons[i];
      buttons.forEach((x) => { x.disabled = true; });
      b.textContent = a.busy ?? `${a.label}…`;
      let out;
      try { out = await a.run(); } catch { out = false; }
      buttons.forEach((x) => { x.disabled = false; });
      b.textContent = a.label;
      if (out === false) return;
      result = out ?? a.value ?? true;
      dialog.close();
    }

    dialog.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-index]');
      if (b && dialog.contains(b)) choose(Number(b.dataset.index));
    });
    dialog.addEventListener('submit', (e) => {
      e.preventDefault();
      const primary = actions.findIndex((a) => a.kind === 'primary');
      if (primary >= 0 && !buttons[primary].disabled) choose(primary);
    });
    // Escape cancels, but not while an action is doing its work: its outcome must be seen.
    dialog.addEventListener('cancel', (e) => { if (buttons.some((b) => b.disabled)) e.preventDefault(); });
    // Focus goes back to what opened the dialog, if it is still on the page; a caller that
    // redraws the page afterwards puts it on the redrawn control itself.
    const opener = document.activeElement;
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks a yes/no question; resolves true only if the user confirms. */
export async function confirmAction(title, message, label, testid = 'confirm') {
  const ok = await modal({
    title,
    body: el('p', {}, message),
    testid,
    actions: [
      { label: 'Cancel', value: false, kind: 'ghost', testid: `${testid}-cancel` },
      { label, value: true, kind: 'danger', testid: `${testid}-ok` },
    ],
  });
  return ok === true;
}
