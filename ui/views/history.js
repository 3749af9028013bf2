// The History view: past rounds (filterable, each opening read-only) and the notes the user has
// written, most recent first.

import { call } from '../lib/ipc.js';
import { dispatch, subscribe } from '../lib/state.js';
import { el, ago, plural, questionLabel, toast } from '../lib/dom.js';
import { clock } from '../lib/time.js';
import { exportRound } from '../lib/round-export.js';
import '../components/round-summary.js';

// Rounds come a page at a time, newest first; "Show more" asks for the page after the last shown.
const PAGE = 50;

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

export function mount(root) {
  const rounds = el('ol', { class: 'history-list', 'data-testid': 'rounds-list' });
  const notes = el('ol', { class: 'history-list', 'data-testid': 'history-list' });
  const filter = el('select', { 'data-testid': 'rounds-filter', 'aria-label': 'Show rounds' },
    el('option', { value: '' }, 'All rounds'), el('option', { value: 'finished' }, 'Finished'),
    el('option', { value: 'abandoned' }, 'Abandoned'), el("option", { value: "unfinished" }, "Unfinished"));
  const more = el('button', { type: 'button', class: 'btn ghost', 'data-action': 'more-rounds', 'data-testid': 'rounds-more', hidden: true }, 'Show more');
  const detail = el('div', { class: 'history-detail', hidden: true });
  const lists = el('div', {},
    el('div', { class: 'section-head' }, el('h2', {}, 'Rounds'), filter), rounds, more,
    el('div', { class: 'section-head' }, el('h2', {}, 'Notes'), el('span', { class: 'muted small' }, 'most recently edited first')), notes);
  root.append(el('header', { class: 'view-head' }, el('h1', {}, 'History')), lists, detail);

  // The last round shown: the key of the next page. `shown` counts renders, so a page asked for
  // before the filter changed is dropped rather than added to the new list.
  let last = null;
  let shown = 0;

  function roundsPage(before) {
    return call('list_rounds', { status: filter.value || null, before, limit: PAGE });
  }

  function showRounds(page) {
    rounds.append(...page.map(roundRow));
    if (page.length) last = { startedAt: page.at(-1).startedAt, id: page.at(-1).id };
    more.hidden = page.length < PAGE;
  }

  async function showMore() {
    const asked = shown;
    more.disabled = true;
    try {
      const page = await roundsPage(last);
      if (asked === shown) showRounds(page);
    } catch (e) {
      toast(`Could not load more rounds: ${e.message}`, 'error');
    } finally {
      more.disabled = false;
    }
  }

  async function render() {
    const asked = ++shown;
    detail.hidden = true;
    lists.hidden = false;
    let past;
    let recent;
    try {
      [past, recent] = await Promise.all([roundsPage(null), call('recent_notes')]);
    } catch (e) {
      toast(`Could not load history: ${e.message}`, 'error');
      return;
    }
    if (asked !== shown) return;
    rounds.replaceChildren();
    last = null;
    showRounds(past);
    if (!past.length) rounds.append(el('li', { class: 'empty-list', 'data-testid': 'no-rounds' }, el('p', { class: 'muted small' }, 'No rounds yet. Start one in Practice.')));
    notes.replaceChildren(...recent.map((n) => el('li', {},
      el('button', { type: 'button', class: 'history-open', dataset: { id: n.questionId }, 'data-testid': 'history-item' },
        el('span', { class: 'q-prompt' }, n.prompt),
        el('span', { class: 'q-meta muted small' },
          questionLabel(n, `edited ${ago(n.updatedAt)}`, plural(n.revisions, 'version')),
          n.hidden ? ' · no longer in its pack' : '')))));
    if (!recent.length) notes.append(el('li', { class: 'empty-list' }, el('p', { class: 'muted small' }, 'Notes you write on questions appear here.')));
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

  filter.addEventListener('change', render);
  root.addEventListener('round-export', (e) => exportRound(e.detail));
  root.addEventListener('click', (e) => {
    if (e.target.closest('[data-action=back]')) return render();
    if (e.target.closest('[data-action=more-rounds]')) return showMore();
    const r = e.target.closest('[data-round]');
    if (r) return showRound(Number(r.dataset.round));
    const b = e.target.closest('[data-id]');
    if (b) dispatch('openQuestion', b.dataset.id);
  });
  subscribe((s, action) => {
    if (action === 'navigate' && s.view === 'history') render();
  });
}
