// The History view: past rounds (filterable, each opening read-only) and the notes the user has
// written, most recent first.

import { call } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, ago, plural, questionLabel, toast } from '../lib/dom.js';
import { clock } from '../lib/time.js';
import { exportRound } from '../lib/round-export.js';
import '../components/round-summary.js';

// Rounds and notes come a page at a time, newest first; "Show more" asks for the page after the
// last one shown.
const PAGE = 50;

/**
 * A list that grows by pages: `fetch(before)` gives the page after the item whose key is `before`
 * (null: the first page), `key(item)` an item's key, `row(item)` its element, `empty()` what an
 * empty list shows. A page asked for before the list was started again is dropped.
 */
function pagedList({ list, more, fetch, key, row, empty }) {
  let last = null;
  let generation = 0;
  const add = (page) => {
    list.append(...page.map(row));
    if (page.length) last = key(page.at(-1));
    more.hidden = page.length < PAGE;
  };
  return {
    async first() {
      const asked = ++generation;
      const page = await fetch(null);
      if (asked !== generation) return;
      list.replaceChildren();
      last = null;
      add(page);
      if (!page.length) list.append(empty());
    },
    async next() {
      const asked = generation;
      more.disabled = true;
      try {
        const page = await fetch(last);
        if (asked === generation) add(page);
      } catch (e) {
        toast(`Could not load more: ${e.message}`, 'error');
      } finally {
        more.disabled = false;
      }
    },
  };
}

function started(r) {
  return new Date(r.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function roundRow(r) {
  // A damaged round has only its id, title and start time: nothing else is read, and nothing opens.
  if (r.damaged) {
    return el('li', {}, el('div', { class: 'history-open', 'data-testid': 'round-damaged' },
      el('span', { class: 'q-prompt muted' }, r.title, ' ', el('span', { class: 'pill' }, 'damaged')),
      el('span', { class: 'q-meta muted small' }, `${started(r)} · this round's record is damaged and cannot be shown`)));
  }
  return el('li', {},
    el('button', { type: 'button', class: 'history-open', dataset: { round: r.id }, 'data-testid': 'round-item' },
      el('span', { class: 'q-prompt' }, r.title, ' ', el('span', { class: `pill status-${r.status}` }, r.status)),
      el('span', { class: 'q-meta muted small' },
        `${started(r)} · ${r.answered} of ${r.questions} answered · ${clock(r.totalUsedMs)}`,
        r.overtimeMs ? el('span', { class: 'overtime' }, ` · +${clock(r.overtimeMs)} over`) : null)));
}

function noteRow(n) {
  return el('li', {},
    el('button', { type: 'button', class: 'history-open', dataset: { id: n.questionId }, 'data-testid': 'history-item' },
      el('span', { class: 'q-prompt' }, n.prompt),
      el('span', { class: 'q-meta muted small' },
        questionLabel(n, `edited ${ago(n.updatedAt)}`, plural(n.revisions, 'version')),
        n.hidden ? ' · no longer in its pack' : '')));
}

const emptyRow = (testid, text) => () => el('li', { class: 'empty-list', 'data-testid': testid }, el('p', { class: 'muted small' }, text));

export function mount(root) {
  const rounds = el('ol', { class: 'history-list', 'data-testid': 'rounds-list' });
  const notes = el('ol', { class: 'history-list', 'data-testid': 'history-list' });
  const filter = el('select', { 'data-testid': 'rounds-filter', 'aria-label': 'Show rounds' },
    el('option', { value: '' }, 'All rounds'), el('option', { value: 'finished' }, 'Finished'),
    el('option', { value: 'abandoned' }, 'Abandoned'), el("option", { value: "unfinished" }, "Unfinished"));
  const moreButton = (action, testid) => el('button', { type: 'button', class: 'btn ghost', 'data-action': action, 'data-testid': testid, hidden: true }, 'Show more');
  const moreRounds = moreButton('more-rounds', 'rounds-more');
  const moreNotes = moreButton('more-notes', 'notes-more');
  const detail = el('div', { class: 'history-detail', hidden: true });
  const lists = el('div', {},
    el('div', { class: 'section-head' }, el('h2', {}, 'Rounds'), filter), rounds, moreRounds,
    el('div', { class: 'section-head' }, el('h2', {}, 'Notes'), el('span', { class: 'muted small' }, 'most recently edited first')), notes, moreNotes);
  root.append(el('header', { class: 'view-head' }, el('h1', {}, 'History')), lists, detail);

  const pastRounds = pagedList({
    list: rounds, more: moreRounds, row: roundRow,
    fetch: (before) => call('list_rounds', { status: filter.value || null, before, limit: PAGE }),
    key: (r) => ({ startedAt: r.startedAt, id: r.id }),
    empty: emptyRow('no-rounds', 'No rounds yet. Start one in Practice.'),
  });
  const recentNotes = pagedList({
    list: notes, more: moreNotes, row: noteRow,
    fetch: (before) => call('recent_notes', { before, limit: PAGE }),
    key: (n) => ({ updatedAt: n.updatedAt, questionId: n.questionId }),
    empty: emptyRow('no-notes', 'Notes you write on questions appear here.'),
  });

  async function render() {
    detail.hidden = true;
    lists.hidden = false;
    try {
      await Promise.all([pastRounds.first(), recentNotes.first()]);
    } catch (e) {
      toast(`Could not load history: ${e.message}`, 'error');
    }
  }

  async function showRound(id) {
    let view;
    try {
      view = await call('get_round', { id });
    } catch (e) {
      toast(`Could not open the round: ${e.message}`, 'error');
      return;
    }
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

  filter.addEventListener('change', () => pastRounds.first().catch((e) => toast(`Could not load rounds: ${e.message}`, 'error')));
  root.addEventListener('round-export', (e) => exportRound(e.detail));
  root.addEventListener('click', (e) => {
    if (e.target.closest('[data-action=back]')) return render();
    if (e.target.closest('[data-action=more-rounds]')) return pastRounds.next();
    if (e.target.closest('[data-action=more-notes]')) return recentNotes.next();
    const r = e.target.closest('[data-round]');
    if (r) return showRound(Number(r.dataset.round));
    const b = e.target.closest('[data-id]');
    if (b) dispatch('openQuestion', b.dataset.id);
  });
  subscribe((s, action) => {
    if (action === 'navigate' && s.view === 'history') render();
  });
  // Mounted when first shown (see main.js).
  if (getState().view === 'history') render();
}
