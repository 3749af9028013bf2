// The Questions view: filters, search as you type, the list, and the selected question with its note.

import { call } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, grouped, highlighted, typingIn, plural, questionLabel, LEVELS, KINDS, DIFFICULTIES, toast } from '../lib/dom.js';
import { bind } from '../lib/keymap.js';
import '../components/note-editor.js';
import '../components/code-drill.js';
import { codingStatement, dueText, RATINGS } from '../components/answer-guide.js';
import { modal } from '../components/modal.js';
import { VirtualList } from '../components/virtual-list.js';

/** A row's height in CSS pixels; app.css gives `.q` the same. */
const ROW_HEIGHT = 92;

let root;
let list;
let vlist;
let groupHead;
let detail;
let count;
let search;
let selects = {};
let editor;
let requestSeq = 0;
/** Where the selected row was last seen: its page may have been let go since. */
let selectedIndex = 0;
/** The latest refresh of the list, done when its first page is drawn and counted. */
let refreshing = Promise.resolve();
/** The filters and text the list shows, as sent to Rust. */
let shown = { filter: {}, text: null };
/** Resolved once the list has first been drawn: the page is ready only then. */
let firstDraw;
export const drawn = new Promise((resolve) => { firstDraw = resolve; });

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
  list = el('ol', { class: 'qlist', 'data-testid': 'question-list', 'aria-label': 'Questions', role: 'listbox', tabindex: '0' });
  groupHead = el('div', { class: 'list-group-head', 'data-testid': 'list-group', 'aria-hidden': 'true' });
  const scroller = el('div', { class: 'list-scroll' }, list);
  editor = el('note-editor', { 'data-testid': 'note-editor' });
  detail = el('div', { class: 'detail', 'data-testid': 'question-detail' });
  root.append(
    el('header', { class: 'view-head' },
      el('h1', {}, 'Questions'),
      el('div', { class: 'search-wrap' }, search, el('kbd', { class: 'search-key' }, '/'))),
    el('div', { id: 'pack-errors' }),
    el('div', { class: 'filters', role: 'group', 'aria-label': 'Filters' },
      Object.values(selects), el('button', { type: 'button', class: 'btn ghost', 'data-action': 'clear', 'data-testid': 'clear-filters' }, 'Clear'), count),
    el('div', { class: 'split' }, el('div', { class: 'list-pane' }, groupHead, scroller), detail),
  );
  vlist = new VirtualList({
    scroller, list, rowHeight: ROW_HEIGHT,
    fetch: (offset, limit, before) => {
      const { filter, text } = shown;
      const window = { offset, limit, ...(before && !text ? { after: before.rank } : {}) };
      return call('list_questions', { filter, text, window }).catch((e) => {
        toast(`Could not list questions: ${e.message}`, 'error');
        return [];
      });
    },
    row: drawRow,
    placeholder: (i) => el('li', { class: 'q placeholder-row', role: 'option', 'aria-selected': 'false', 'aria-label': `Question ${i + 1}, loading` },
      el('span', { class: 'q-prompt muted' }, 'Loading…')),
    drawn: afterDraw,
  });

  root.addEventListener('change', (e) => {
    const name = e.target.dataset.filter;
    if (name) dispatch('setFilter', { name, value: e.target.value });
  });
  search.addEventListener('input', () => dispatch('setText', search.value));
  root.addEventListener('click', onClick);
  root.addEventListener('keydown', onKey);
  root.addEventListener('note-saved', (e) => {
    const i = vlist.findIndex((q) => q.id === e.detail.questionId);
    if (i >= 0) { vlist.rowAt(i).hasNote = e.detail.hasNote; markNote(e.detail.questionId, e.detail.hasNote); }
  });
  bind('questions', { key: '/' }, () => { search.focus(); search.select(); });
  // `e` and `r` act on the selected question; with none, the key is left alone.
  const onSelected = (run) => () => (getState().selectedId ? run() : false);
  bind('questions', { key: 'e' }, onSelected(() => editor.edit()));
  bind('questions', { key: 'r' }, onSelected(() => detail.querySelector('answer-guide')?.toggle()));

  subscribe((s, action) => {
    if (action === 'loaded') { renderCategories(); renderErrors(); refreshing = refresh(); }
    if (action === 'bankChanged') { renderCategories(); renderErrors(); refreshing = refresh({ keepPlace: true }); }
    if (action === 'setFilter' || action === 'setText' || action === 'clearFilters') {
      if (action === 'clearFilters') search.value = '';
      if (action !== 'setText') renderCategories();
      syncSelects();
      refreshing = refresh();
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

/**
 * Shows the list for the current filters and text: the first page at once, the count when it
 * comes. With `keepPlace` (the bank changed under the user) the scroll position is kept.
 */
async function refresh({ keepPlace = false } = {}) {
  const { filters, text } = getState();
  const seq = ++requestSeq;
  shown = { filter: Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), text: text.trim() || null };
  const scrollTop = vlist.top;
  // The first window is asked for before the count, which the backend then answers second: the
  // rows are what the user is waiting to see.
  const reset = vlist.reset(0);
  const counted = call('count_questions', shown).catch((e) => {
    toast(`Could not count questions: ${e.message}`, 'error');
    return null;
  });
  await reset;
  if (seq !== requestSeq) return;
  list.dataset.shown = shown.text ?? '';
  const total = await counted;
  if (seq !== requestSeq) return;
  if (total !== null) vlist.setTotal(total);
  // Only once the list is as long as it will be can it scroll back to where the user was.
  if (keepPlace) vlist.scrollTo(scrollTop);
  vlist.redraw();
  renderCount();
  const sel = getState().selectedId;
  if (!sel || (!keepPlace && vlist.findIndex((q) => q.id === sel) < 0)) {
    const first = vlist.rowAt(0);
    if (first) dispatch('select', first.id);
    else if (!sel) showDetail(null);
  }
  firstDraw();
}

function renderCount() {
  const { text, filters } = getState();
  const total = getState().overview?.total ?? 0;
  const n = vlist.total;
  const filtered = text.trim() || Object.values(filters).some(Boolean);
  count.textContent = filtered ? `${grouped(n)} of ${grouped(total)}` : `${grouped(n)} question${n === 1 ? '' : 's'}`;
}

/** One row of the list: prompt, kind, difficulty, time, its group, and where a search hit the note. */
function drawRow(q) {
  return el('li', {
    class: q.noteSnippet ? 'q with-snippet' : 'q', dataset: { id: q.id }, 'data-testid': 'question-item', role: 'option',
    'aria-selected': String(q.id === getState().selectedId),
  },
    el('span', { class: 'q-prompt', title: q.prompt }, q.prompt),
    el('span', { class: 'q-meta' },
      el('span', { class: `pill kind-${q.kind}` }, KINDS[q.kind] ?? q.kind),
      el('span', { class: `diff diff-${q.difficulty}`, title: 'Difficulty' }, DIFFICULTIES[q.difficulty] ?? q.difficulty),
      el('span', { class: 'muted' }, `${q.minutes} min`),
      el('span', { class: 'muted q-group' }, questionLabel(q)),
      el('span', { class: 'has-note', title: 'You have a note on this', hidden: !q.hasNote, 'data-testid': 'has-note' }, '✎ note')),
    q.noteSnippet ? el('span', { class: 'snippet' }, 'In your note: ', highlighted(q.noteSnippet)) : null);
}

/** After each draw: the group of the top row in the header, or the empty state. */
function afterDraw() {
  const top = vlist.rowAt(Math.floor(vlist.top / ROW_HEIGHT));
  const head = top && !shown.text ? questionLabel(top) : shown.text ? 'Best matches first' : '';
  // Set only when it changes: a scroll draws many times a second, and new text is a repaint.
  if (groupHead.textContent !== head) groupHead.textContent = head;
  groupHead.hidden = !head;
  if (vlist.total === 0 && list.getAttribute('aria-busy') !== 'true') {
    list.replaceChildren(el('li', { class: 'empty-list', 'data-testid': 'no-results' },
      el('p', {}, 'No questions match.'), el('p', { class: 'muted small' }, 'Try fewer words or clear the filters.')));
  }
}

function markNote(id, has) {
  const badge = list.querySelector(`[data-id="${CSS.escape(id)}"] .has-note`);
  if (badge) badge.hidden = !has;
}

async function showDetail(id) {
  for (const li of list.querySelectorAll('.q')) li.setAttribute('aria-selected', String(li.dataset.id === id));
  const at = id ? vlist.findIndex((q) => q.id === id) : -1;
  if (at >= 0) {
    selectedIndex = at;
    vlist.scrollToIndex(at);
  }
  if (!id) {
    detail.replaceChildren(el('div', { class: 'placeholder muted' }, 'Select a question to read it and write your note.'));
    return;
  }
  const q = await fetchQuestion(id);
  if (!q || getState().selectedId !== id) return;
  const guide = el('answer-guide', { 'data-testid': 'answer-guide' });
  guide.guide = { guide: q.guide, review: { questionId: id, untimed: true } };
  const scheduleLine = el('p', { class: 'schedule-line muted small', 'data-testid': 'schedule-line', 'aria-live': 'polite' });
  const drill = q.runnable ? el('code-drill', { 'data-testid': 'code-drill' }) : null;
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
    ...[codingStatement(q.guide?.coding), drill, guide, editor].filter(Boolean));
  await Promise.all([editor.load(id), drill?.load(id).catch((e) => toast(`Could not open the drill: ${e.message}`, 'error'))]);
}

/** Question `id` with its guide, or null (and a message) if it cannot be read. */
async function fetchQuestion(id) {
  try {
    return await call('get_question', { id });
  } catch (e) {
    toast(`Could not open the question: ${e.message}`, 'error');
    return null;
  }
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

/** Keys that move the selection, and how far: by one row, a screenful, or to either end. */
const MOVES = {
  ArrowDown: (i) => i + 1, ArrowUp: (i) => i - 1, j: (i) => i + 1, k: (i) => i - 1,
  PageDown: (i) => i + vlist.visibleRows, PageUp: (i) => i - vlist.visibleRows,
  Home: () => 0, End: () => vlist.total - 1,
};

function onKey(e) {
  if (typingIn(e.target) && e.target !== search) return;
  if (e.target === search && e.key === 'Enter') { e.preventDefault(); list.focus(); return; }
  if (e.target === search && e.key === 'Escape') { search.value = ''; dispatch('setText', ''); return; }
  const move = MOVES[e.key];
  if (!move || e.ctrlKey || e.metaKey || e.altKey) return;
  // In the search box only ↓ leaves it for the list; letters and the other keys are typing.
  if (e.target === search && e.key !== 'ArrowDown') return;
  e.preventDefault();
  const found = vlist.findIndex((q) => q.id === getState().selectedId);
  const current = found >= 0 ? found : selectedIndex;
  const target = Math.min(vlist.total - 1, Math.max(0, current < 0 ? 0 : move(current)));
  if (e.target === search) list.focus();
  selectIndex(target);
}

/** Selects the row at `index`, fetching it first if it has not arrived, and scrolls it into view. */
async function selectIndex(index) {
  if (index < 0) return;
  selectedIndex = index;
  vlist.scrollToIndex(index);
  const row = await vlist.ensure(index);
  if (row) dispatch('select', row.id);
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

/**
 * Shows a question another view opened. Filters or a search that may hide it are cleared first;
 * in the whole bank a question's place is its rank, so the list goes straight to it.
 */
async function reveal(id) {
  if (vlist.findIndex((q) => q.id === id) < 0) {
    const q = await fetchQuestion(id);
    if (!q) return;
    const { filters, text } = getState();
    if (text.trim() || Object.values(filters).some(Boolean)) {
      dispatch('clearFilters');
      await refreshing;
    }
    if (q.rank > 0) await selectIndex(q.rank - 1);
  }
  showDetail(id);
}

