// The Questions view: filters, search as you type, the list, and the selected question with its note.

import { call } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, highlighted, typingIn, plural, questionLabel, LEVELS, KINDS, DIFFICULTIES, toast } from '../lib/dom.js';
import { bind } from '../lib/keymap.js';
import '../components/note-editor.js';
import { codingStatement, dueText, RATINGS } from '../components/answer-guide.js';
import { modal } from '../components/modal.js';

let root;
let list;
let detail;
let count;
let search;
let selects = {};
let items = [];
let editor;
let requestSeq = 0;

export function mount(node) {
  root = node;
  search = el('input', {
    type: 'search', class: 'search', placeholder: 'Search questions and your notes', 'data-testid': 'search',
    'aria-label': 'Search questions and your notes', autocomplete: 'off',
  });
  selects = {
    level: select('level', 'All levels', LEVELS),
    category: select('category', 'All categories', {}),
    kind: select('kind', 'All kinds', KINDS),
    difficulty: select('difficulty', 'Any difficulty', DIFFICULTIES),
    tried: select('tried', 'Tried or not', { never: 'Never tried', before: 'Tried before' }),
  };
  count = el('span', { class: 'count muted', 'data-testid': 'question-count', 'aria-live': 'polite' });
  list = el('ol', { class: 'qlist', 'data-testid': 'question-list', 'aria-label': 'Questions', tabindex: '0' });
  editor = el('note-editor', { 'data-testid': 'note-editor' });
  detail = el('div', { class: 'detail', 'data-testid': 'question-detail' });
  root.append(
    el('header', { class: 'view-head' },
      el('h1', {}, 'Questions'),
      el('div', { class: 'search-wrap' }, search, el('kbd', { class: 'search-key' }, '/'))),
    el('div', { id: 'pack-errors' }),
    el('div', { class: 'filters', role: 'group', 'aria-label': 'Filters' },
      Object.values(selects), el('button', { type: 'button', class: 'btn ghost', 'data-action': 'clear', 'data-testid': 'clear-filters' }, 'Clear'), count),
    el('div', { class: 'split' }, el('div', { class: 'list-pane' }, list), detail),
  );

  root.addEventListener('change', (e) => {
    const name = e.target.dataset.filter;
    if (name) dispatch('setFilter', { name, value: e.target.value });
  });
  search.addEventListener('input', () => dispatch('setText', search.value));
  root.addEventListener('click', onClick);
  root.addEventListener('keydown', onKey);
  root.addEventListener('note-saved', (e) => {
    const item = items.find((q) => q.id === e.detail.questionId);
    if (item) { item.hasNote = e.detail.hasNote; markNote(e.detail.questionId, e.detail.hasNote); }
  });
  bind('questions', { key: '/' }, () => { search.focus(); search.select(); });
  // `e` and `r` act on the selected question; with none, the key is left alone.
  const onSelected = (run) => () => (getState().selectedId ? run() : false);
  bind('questions', { key: 'e' }, onSelected(() => editor.edit()));
  bind('questions', { key: 'r' }, onSelected(() => detail.querySelector('answer-guide')?.toggle()));

  subscribe((s, action) => {
    if (action === 'loaded') { renderCategories(); renderErrors(); refresh(); }
    if (action === 'bankChanged') { renderCategories(); refresh(); }
    if (action === 'setFilter' || action === 'setText' || action === 'clearFilters') {
      if (action === 'clearFilters') search.value = '';
      if (action !== 'setText') renderCategories();
      syncSelects();
      refresh();
    }
    if (action === 'select') showDetail(s.selectedId);
    if (action === 'openQuestion') reveal(s.selectedId);
  });
}

function select(name, all, options) {
  return el('select', { 'data-filter': name, 'data-testid': `filter-${name}`, 'aria-label': all },
    el('option', { value: '' }, all),
    Object.entries(options).map(([v, label]) => el('option', { value: v }, label)));
}

function syncSelects() {
  const f = getState().filters;
  for (const [name, sel] of Object.entries(selects)) sel.value = f[name];
}

function renderCategories() {
  const { overview, filters } = getState();
  const cats = (overview?.categories ?? []).filter((c) => !filters.level || c.level === filters.level);
  const names = [...new Set(cats.map((c) => c.name))];
  selects.category.replaceChildren(el('option', { value: '' }, 'All categories'),
    names.map((n) => el('option', { value: n }, n)));
  selects.category.value = filters.category;
}

function renderErrors() {
  const errors = getState().overview?.errors ?? [];
  const box = root.querySelector('#pack-errors');
  box.replaceChildren();
  if (!errors.length) return;
  const files = new Set(errors.map((e) => e.file)).size;
  box.append(el('details', { class: 'banner error', 'data-testid': 'pack-errors' },
    el('summary', {}, `${plural(files, 'question pack')} could not be loaded. The rest of the bank is ready.`),
    el('ul', { class: 'errors' }, errors.map((e) => el('li', {},
      el('code', {}, `${e.file}:${e.line}`), e.field ? ` ${e.field}: ` : ' ', e.message)))));
}

/** Fetches the list for the current filters. Answers to superseded requests are dropped. */
async function refresh() {
  const { filters, text } = getState();
  const seq = ++requestSeq;
  const filter = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  let result;
  try {
    result = await call('list_questions', { filter, text: text.trim() || null });
  } catch (e) {
    toast(`Could not list questions: ${e.message}`, 'error');
    return;
  }
  if (seq !== requestSeq) return;
  items = result;
  renderList();
  const sel = getState().selectedId;
  if (!sel || !items.some((q) => q.id === sel)) {
    if (items.length) dispatch('select', items[0].id);
    else if (!sel) showDetail(null);
  }
}

function renderList() {
  const { text } = getState();
  const total = getState().overview?.total ?? 0;
  count.textContent = items.length === total && !text ? plural(total, 'question') : `${items.length} of ${total}`;
  const rows = [];
  let group = null;
  for (const q of items) {
    const g = questionLabel(q);
    if (!text.trim() && g !== group) {
      group = g;
      rows.push(el('li', { class: 'group', role: 'presentation' }, g));
    }
    rows.push(el('li', {
      class: 'q', dataset: { id: q.id }, 'data-testid': 'question-item', role: 'option',
      'aria-selected': String(q.id === getState().selectedId),
    },
      el('span', { class: 'q-prompt' }, q.prompt),
      el('span', { class: 'q-meta' },
        el('span', { class: `pill kind-${q.kind}` }, KINDS[q.kind] ?? q.kind),
        el('span', { class: `diff diff-${q.difficulty}`, title: 'Difficulty' }, DIFFICULTIES[q.difficulty] ?? q.difficulty),
        el('span', { class: 'muted' }, `${q.minutes} min`),
        text.trim() ? el('span', { class: 'muted' }, questionLabel(q)) : null,
        el('span', { class: 'has-note', title: 'You have a note on this', hidden: !q.hasNote, 'data-testid': 'has-note' }, '✎ note')),
      q.noteSnippet ? el('span', { class: 'snippet' }, 'In your note: ', highlighted(q.noteSnippet)) : null));
  }
  if (!items.length) {
    rows.push(el('li', { class: 'empty-list', 'data-testid': 'no-results' },
      el('p', {}, 'No questions match.'), el('p', { class: 'muted small' }, 'Try fewer words or clear the filters.')));
  }
  list.replaceChildren(...rows);
}

function markNote(id, has) {
  const badge = list.querySelector(`[data-id="${CSS.escape(id)}"] .has-note`);
  if (badge) badge.hidden = !has;
}

async function showDetail(id) {
  for (const li of list.querySelectorAll('.q')) {
    const on = li.dataset.id === id;
    li.setAttribute('aria-selected', String(on));
    if (on) li.scrollIntoView({ block: 'nearest' });
  }
  if (!id) {
    detail.replaceChildren(el('div', { class: 'placeholder muted' }, 'Select a question to read it and write your note.'));
    return;
  }
  let q;
  try {
    q = await call('get_question', { id });
  } catch (e) {
    toast(`Could not open the question: ${e.message}`, 'error');
    return;
  }
  if (getState().selectedId !== id) return;
  const guide = el('answer-guide', { 'data-testid': 'answer-guide' });
  guide.guide = { guide: q.guide, review: { questionId: id, untimed: true } };
  const scheduleLine = el('p', { class: 'schedule-line muted small', 'data-testid': 'schedule-line', 'aria-live': 'polite' });
  guide.addEventListener('review-saved', () => showSchedule(id, scheduleLine));
  showSchedule(id, scheduleLine);
  detail.replaceChildren(
    el('div', { class: 'detail-top' },
      el('div', { class: 'crumbs muted small' }, questionLabel(q), q.seed ? ' · from the seed list' : ''),
      el('div', { class: 'row push-right' },
        q.editable && !q.hidden
          ? el('button', { type: 'button', class: 'btn small', 'data-action': 'edit-own', 'data-testid': 'edit-own-question', dataset: { pack: q.packId } }, 'Edit question')
          : null,
        el('button', { type: 'button', class: 'btn small ghost', 'data-action': 'copy', 'data-testid': 'copy-question', title: 'Make an editable copy in a pack of your own' }, 'Copy to my pack'))),
    el('h2', { class: 'prompt', 'data-testid': 'question-prompt' }, q.prompt),
    el('div', { class: 'q-meta' },
      el('span', { class: `pill kind-${q.kind}` }, KINDS[q.kind] ?? q.kind),
      el('span', { class: `diff diff-${q.difficulty}` }, DIFFICULTIES[q.difficulty] ?? q.difficulty),
      el('span', { class: 'muted' }, `Suggested time: ${q.minutes} min`),
      el('span', { class: 'muted' }, `Pack: ${q.packTitle}`),
      q.hidden ? el('span', { class: 'pill warn' }, 'No longer in its pack') : null),
    scheduleLine,
    ...[codingStatement(q.guide?.coding), guide, editor].filter(Boolean));
  await editor.load(id);
}

/** "Reviewed 3 times, last rated Good · back in 4 days", or nothing before a first review. */
async function showSchedule(id, line) {
  let r;
  try {
    r = await call('question_reviews', { questionId: id });
  } catch {
    return; // The line is extra: the question stands without it.
  }
  if (getState().selectedId !== id || !r.reviews.length) return;
  const last = r.reviews[0];
  const parts = [`Reviewed ${r.reviews.length === 1 ? 'once' : `${r.reviews.length}${r.reviews.length === 10 ? '+' : ''} times`}, last rated ${RATINGS[last.rating]}`];
  if (r.schedule) parts.push(`back ${dueText(r.schedule.dueInDays)}`, `recall now about ${Math.round(r.schedule.retrievability * 100)}%`);
  else parts.push('practice only so far, not scheduled');
  line.textContent = parts.join(' · ');
}

function onClick(e) {
  if (e.target.closest('[data-action=clear]')) return dispatch('clearFilters');
  const own = e.target.closest('[data-action=edit-own]');
  if (own) return openInLibrary(own.dataset.pack, getState().selectedId);
  if (e.target.closest('[data-action=copy]')) return copyQuestion(getState().selectedId);
  const li = e.target.closest('.q');
  if (li) dispatch('select', li.dataset.id);
}

function onKey(e) {
  if (typingIn(e.target) && e.target !== search) return;
  const down = e.key === 'ArrowDown' || (e.key === 'j' && e.target !== search);
  const up = e.key === 'ArrowUp' || (e.key === 'k' && e.target !== search);
  if (e.target === search && e.key === 'Enter') { e.preventDefault(); list.focus(); return; }
  if (e.target === search && e.key === 'Escape') { search.value = ''; dispatch('setText', ''); return; }
  if (!down && !up) return;
  if (e.target === search && !down) return;
  e.preventDefault();
  const i = items.findIndex((q) => q.id === getState().selectedId);
  const next = items[Math.min(items.length - 1, Math.max(0, i + (down ? 1 : -1)))];
  if (next) dispatch('select', next.id);
  if (e.target === search) list.focus();
}

function openInLibrary(packId, questionId) {
  dispatch('editQuestion', questionId);
  dispatch('openPack', packId);
  dispatch('navigate', 'library');
}

/** Copies a question into a pack of the user's own (a new one if they have none) and opens the copy to edit. */
async function copyQuestion(id) {
  let own;
  try {
    own = (await call('list_packs')).filter((p) => p.origin === 'own');
  } catch (e) {
    toast(`Could not list your packs: ${e.message}`, 'error');
    return;
  }
  const NEW = '\u0000new';
  const pick = el('select', { name: 'pack', 'data-testid': 'copy-target', autofocus: true },
    own.map((p) => el('option', { value: p.id }, p.title)),
    el('option', { value: NEW }, 'A new pack, “My questions”'));
  const target = await modal({
    title: 'Copy to a pack of your own',
    body: el('div', {}, el('p', { class: 'muted' }, 'The copy is yours to edit; the original stays as it is.'),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Pack'), pick)),
    testid: 'copy-dialog',
    actions: [
      { label: 'Cancel', kind: 'ghost' },
      { label: 'Copy and edit', kind: 'primary', testid: 'copy-confirm', busy: 'Copying…', run: async () => {
        try {
          const packId = pick.value === NEW
            ? await call('create_pack', { meta: { title: 'My questions', description: '', source: '', license: '' } })
            : pick.value;
          return { packId, id: await call('copy_question', { id, packId }) };
        } catch (e) { toast(`Could not copy: ${e.message}`, 'error'); return false; }
      } },
    ],
  });
  if (!target) return;
  try {
    dispatch('bankChanged', await call('bank_overview'));
  } catch { /* the list refreshes on the next change */ }
  openInLibrary(target.packId, target.id);
}

/** Shows a question another view opened: filters or a search that would hide it are cleared first. */
function reveal(id) {
  if (!items.some((q) => q.id === id)) dispatch('clearFilters');
  showDetail(id);
}
