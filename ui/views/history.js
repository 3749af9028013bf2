// The History view: the notes the user has written, most recent first.

import { call } from '../lib/ipc.js';
import { dispatch, subscribe } from '../lib/state.js';
import { el, ago, LEVELS, toast } from '../lib/dom.js';
import { open } from './questions.js';

export function mount(root) {
  const list = el('ol', { class: 'history-list', 'data-testid': 'history-list' });
  root.append(
    el('header', { class: 'view-head' }, el('h1', {}, 'History'), el('span', { class: 'muted' }, 'Your notes, most recently edited first')),
    list);

  async function render() {
    let notes;
    try {
      notes = await call('recent_notes');
    } catch (e) {
      toast(`Could not load history: ${e.message}`, 'error');
      return;
    }
    list.replaceChildren(...notes.map((n) => el('li', { class: 'history-item' },
      el('button', { type: 'button', class: 'history-open', dataset: { id: n.questionId }, 'data-testid': 'history-item' },
        el('span', { class: 'q-prompt' }, n.prompt),
        el('span', { class: 'q-meta muted small' },
          `${LEVELS[n.level] ?? n.level} · ${n.category} · edited ${ago(n.updatedAt)} · ${n.revisions} version${n.revisions === 1 ? '' : 's'}`,
          n.hidden ? ' · no longer in its pack' : '')))));
    if (!notes.length) {
      list.append(el('li', { class: 'empty-list' }, el('p', {}, 'Nothing here yet.'),
        el('p', { class: 'muted small' }, 'Notes you write on questions appear here, newest first.')));
    }
  }

  root.addEventListener('click', (e) => {
    const b = e.target.closest('[data-id]');
    if (!b) return;
    dispatch('navigate', 'questions');
    open(b.dataset.id);
  });
  subscribe((s, action) => {
    if (action === 'navigate' && s.view === 'history') render();
  });
}
