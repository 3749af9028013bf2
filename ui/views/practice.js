// The Practice view: draw a question to answer against its suggested time.

import { dispatch } from '../lib/state.js';
import { el, LEVELS, KINDS } from '../lib/dom.js';
import { call } from '../lib/ipc.js';
import { open } from './questions.js';

export function mount(root) {
  const level = el('select', { 'data-testid': 'practice-level', 'aria-label': 'Level' },
    el('option', { value: '' }, 'Any level'), Object.entries(LEVELS).map(([v, l]) => el('option', { value: v }, l)));
  const kind = el('select', { 'data-testid': 'practice-kind', 'aria-label': 'Kind' },
    el('option', { value: '' }, 'Any kind'), Object.entries(KINDS).map(([v, l]) => el('option', { value: v }, l)));
  root.append(
    el('header', { class: 'view-head' }, el('h1', {}, 'Practice')),
    el('div', { class: 'cards' },
      el('section', { class: 'card' },
        el('h2', {}, 'Draw a question'),
        el('p', { class: 'muted' }, 'Pick one at random, answer it in your note as you would aloud, and keep to its suggested time.'),
        el('div', { class: 'row' }, level, kind,
          el('button', { type: 'button', class: 'btn primary', 'data-action': 'draw', 'data-testid': 'practice-draw' }, 'Draw a question'))),
      el('section', { class: 'card muted-card' },
        el('h2', {}, 'Timed rounds'),
        el('p', { class: 'muted' }, 'Mock interview rounds with a clock, phases for system design, and a summary afterwards are on their way. Your notes and history carry over.'))));

  root.addEventListener('click', async (e) => {
    if (!e.target.closest('[data-action=draw]')) return;
    const filter = Object.fromEntries([['level', level.value], ['kind', kind.value]].filter(([, v]) => v));
    const qs = await call('list_questions', { filter, text: null });
    if (!qs.length) return;
    const pick = qs[Math.floor(Math.random() * qs.length)];
    dispatch('navigate', 'questions');
    open(pick.id);
  });
}
