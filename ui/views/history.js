// The History view: past rounds (filterable, each opening read-only) and the notes the user has
// written, most recent first.

import { call } from '../lib/ipc.js';
import { dispatch, subscribe } from '../lib/state.js';
import { el, ago, plural, LEVELS, toast } from '../lib/dom.js';
import { clock } from '../lib/time.js';
import { open } from './questions.js';
import { exportRound } from './practice.js';
import '../components/round-summary.js';

export function mount(root) {
  const rounds = el('ol', { class: 'history-list', 'data-testid': 'rounds-list' });
  const notes = el('ol', { class: 'history-list', 'data-testid': 'history-list' });
  const filter = el('select', { 'data-testid': 'rounds-filter', 'aria-label': 'Show rounds' },
    el('option', { value: '' }, 'All rounds'), el('option', { value: 'finished' }, 'Finished'),
    el('option', { value: 'abandoned' }, 'Abandoned'), el("option", { value: "unfinished" }, "Unfinished"));
  const detail = el('div', { class: 'history-detail', hidden: true });
  const lists = el('div', {},
    el('div', { class: 'section-head' }, el('h2', {}, 'Rounds'), filter), rounds,
    el('div', { class: 'section-head' }, el('h2', {}, 'Notes'), el('span', { class: 'muted small' }, 'most recently edited first')), notes);
  root.append(el('header', { class: 'view-head' }, el('h1', {}, 'History')), lists, detail);

  async function render() {
    detail.hidden = true;
    lists.hidden = false;
    let past;
    let recent;
    try {
      [past, recent] = await Promise.all([call('list_rounds', { status: filter.value || null }), call('recent_notes')]);
    } catch (e) {
      toast(`Could not load history: ${e.message}`, 'error');
      return;
    }
    rounds.replaceChildren(...past.map((r) => el('li', {},
      el('button', { type: 'button', class: 'history-open', dataset: { round: r.id }, 'data-testid': 'round-item' },
        el('span', { class: 'q-prompt' }, r.title, ' ', el('span', { class: `pill status-${r.status}` }, r.status)),
        el('span', { class: 'q-meta muted small' },
          `${new Date(r.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} · ${r.answered} of ${r.questions} answered · ${clock(r.totalUsedMs)}`,
          r.overtimeMs ? el('span', { class: 'overtime' }, ` · +${clock(r.overtimeMs)} over`) : null)))));
    if (!past.length) rounds.append(el('li', { class: 'empty-list', 'data-testid': 'no-rounds' }, el('p', { class: 'muted small' }, 'No rounds yet. Start one in Practice.')));
    notes.replaceChildren(...recent.map((n) => el('li', {},
      el('button', { type: 'button', class: 'history-open', dataset: { id: n.questionId }, 'data-testid': 'history-item' },
        el('span', { class: 'q-prompt' }, n.prompt),
        el('span', { class: 'q-meta muted small' },
          `${LEVELS[n.level] ?? n.level} · ${n.category} · edited ${ago(n.updatedAt)} · ${plural(n.revisions, 'version')}`,
          n.hidden ? ' · no longer in its pack' : '')))));
    if (!recent.length) notes.append(el('li', { class: 'empty-list' }, el('p', { class: 'muted small' }, 'Notes you write on questions appear here.')));
  }

  async function showRound(id) {
    const view = await call('get_round', { id });
    if (view.status === 'running' || view.status === 'paused') {
      dispatch('roundLoaded', view);
      dispatch('navigate', 'practice');
      return;
    }
    const summary = el('round-summary', { 'data-testid': 'round-summary' });
    summary.view = view;
    detail.replaceChildren(el('button', { type: 'button', class: 'btn ghost', 'data-action': 'back', 'data-testid': 'history-back' }, '← All rounds'), summary);
    lists.hidden = true;
    detail.hidden = false;
  }

  filter.addEventListener('change', render);
  root.addEventListener('round-export', (e) => exportRound(e.detail));
  root.addEventListener('click', (e) => {
    if (e.target.closest('[data-action=back]')) return render();
    const r = e.target.closest('[data-round]');
    if (r) return showRound(Number(r.dataset.round));
    const b = e.target.closest('[data-id]');
    if (!b) return;
    dispatch('navigate', 'questions');
    open(b.dataset.id);
  });
  subscribe((s, action) => {
    if (action === 'navigate' && s.view === 'history') render();
  });
}
