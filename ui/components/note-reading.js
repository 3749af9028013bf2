// How a note was read, for the user to correct in the import preview: which headings hold
// questions and which categories, whether list items are questions, the level of the whole file or
// of a section, and each candidate taken or left out. Every change calls `onChange` with the new
// reading; the caller reads the file again and redraws with what comes back.

import { el, plural, levelName } from '../lib/dom.js';

/** Rows of a section drawn at once; "Show more" draws the next ones. */
const PAGE = 200;

const KIND_LABEL = { heading: 'heading', item: 'item', row: 'row', paragraph: 'line' };

/**
 * The panel for `view` (what `reread_import` and `preview_import` send as `reading`). `open`
 * holds the lines of the sections the user opened, kept across redraws.
 */
export function readingPanel(view, { remembered, open, onChange }) {
  const reading = structuredClone(view.reading);
  const change = (edit) => { edit(reading); onChange(reading); };
  const levels = view.headingLevels.map((h) => h.level);
  const judgedQ = view.judgedQuestionHeadings;
  const judgedC = view.judgedCategoryHeadings;
  const heading = (n) => `H${n} headings`;

  const choices = el('div', { class: 'reading-choices' },
    choice('Questions are', 'reading-question-headings', reading.questionHeadings, [
      ['', judgedQ ? `Judged (H${judgedQ}, lists)` : 'Judged (lists)'],
      ['0', 'No headings'],
      ...levels.map((l) => [String(l), heading(l)]),
    ], (v) => change((r) => { r.questionHeadings = v === '' ? null : Number(v); })),
    choice('Categories are', 'reading-category-headings', reading.categoryHeadings, [
      ['', judgedC ? `Judged (H${judgedC})` : 'Judged'],
      ['0', 'One for the file'],
      ...levels.map((l) => [String(l), heading(l)]),
    ], (v) => change((r) => { r.categoryHeadings = v === '' ? null : Number(v); })),
    choice('List items are', 'reading-items', reading.items, [
      ['auto', 'Judged by list'],
      ['questions', 'Questions'],
      ['answers', 'Answers'],
    ], (v) => change((r) => { r.items = v; })),
    choice('Level', 'reading-level', reading.level, [
      ['', 'As the note says'],
      ['mle', levelName('mle')],
      ['senior', levelName('senior')],
    ], (v) => change((r) => { r.level = v || null; })));

  const corrected = JSON.stringify(reading) !== JSON.stringify(DEFAULT);
  const head = el('div', { class: 'reading-head' },
    el('h3', {}, 'How the note was read'),
    remembered ? el('span', { class: 'badge', 'data-testid': 'reading-remembered' }, 'Your corrections from the last import') : null,
    corrected ? el('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'reading-reset' }, 'Undo all corrections') : null);
  head.querySelector('[data-testid=reading-reset]')?.addEventListener('click', () => onChange(structuredClone(DEFAULT)));

  const sections = view.sections.map((s) => section(s, reading, open, change));
  return el('section', { class: 'reading', 'data-testid': 'import-reading' },
    head,
    el('p', { class: 'muted small' }, 'Correct anything read wrongly; the counts follow at once, and importing this file again reads it the same way.'),
    choices,
    view.sections.length
      ? el('div', { class: 'reading-sections', 'data-testid': 'reading-sections' }, sections)
      : el('p', { class: 'muted' }, 'Nothing in this note looks like a question.'));
}

const DEFAULT = {
  questionHeadings: null, categoryHeadings: null, items: 'auto', level: null,
  sectionLevels: [], excluded: [], included: [],
};

function choice(label, testid, value, options, onPick) {
  const select = el('select', { 'data-testid': testid, 'data-focus': testid },
    options.map(([v, text]) => el('option', { value: v, selected: String(value ?? '') === v || (value === null && v === '') }, text)));
  select.addEventListener('change', () => onPick(select.value));
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), select);
}

/**
 * Takes or leaves a candidate. A choice that matches what the reader judged is no correction, so
 * it leaves nothing behind in the reading.
 */
function setTaken(reading, c, taken) {
  // What the reader judged, before the corrections the reading holds for this line.
  const judged = reading.included.includes(c.line) ? false : reading.excluded.includes(c.line) ? true : c.chosen;
  const drop = (list) => list.filter((l) => l !== c.line);
  reading.excluded = drop(reading.excluded);
  reading.included = drop(reading.included);
  if (taken !== judged) (taken ? reading.included : reading.excluded).push(c.line);
}

function section(s, reading, open, change) {
  const taken = s.candidates.filter((c) => c.chosen).length;
  const key = `section-${s.line}`;
  const title = s.line === 0 ? 'Before the first heading' : s.title || `Line ${s.line}`;
  const set = s.line ? reading.sectionLevels.find((x) => x.line === s.line)?.level ?? '' : null;
  const summary = el('summary', { 'data-focus': key },
    s.heading ? el('span', { class: 'tag' }, `H${s.heading}`) : null,
    el('span', { class: 'reading-title' }, title),
    el('span', { class: 'reading-count', 'data-testid': 'reading-count' }, `${taken} of ${plural(s.candidates.length, 'candidate')}`),
    s.skipped ? el('span', { class: 'muted small' }, 'resources, left out') : null,
    el('span', { class: 'muted small' }, levelName(s.level)));
  const details = el('details', { class: 'reading-section', 'data-testid': 'reading-section', dataset: { line: s.line }, open: open.has(s.line) },
    summary);
  const drawBody = () => {
    if (details.querySelector('.reading-body')) return;
    const all = el('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'reading-all', 'data-focus': `${key}-all` }, 'Take all');
    const none = el('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'reading-none', 'data-focus': `${key}-none` }, 'Leave all out');
    all.addEventListener('click', () => change((r) => s.candidates.forEach((c) => setTaken(r, c, true))));
    none.addEventListener('click', () => change((r) => s.candidates.forEach((c) => setTaken(r, c, false))));
    const tools = el('div', { class: 'reading-tools' }, all, none,
      set === null ? null : el('label', { class: 'inline' }, 'Level ',
        levelSelect(set, key, (v) => change((r) => {
          r.sectionLevels = r.sectionLevels.filter((x) => x.line !== s.line);
          if (v) r.sectionLevels.push({ line: s.line, level: v });
        }))));
    const list = el('ul', { class: 'reading-list' });
    const more = el('button', { type: 'button', class: 'btn ghost small' }, '');
    let shown = 0;
    const page = () => {
      const next = s.candidates.slice(shown, shown + PAGE);
      list.append(...next.map((c) => candidate(c, key, change)));
      shown += next.length;
      more.hidden = shown >= s.candidates.length;
      more.textContent = `Show ${Math.min(PAGE, s.candidates.length - shown)} more`;
    };
    more.addEventListener('click', page);
    page();
    details.append(el('div', { class: 'reading-body' }, tools, list, more));
  };
  details.addEventListener('toggle', () => {
    if (details.open) { open.add(s.line); drawBody(); } else open.delete(s.line);
  });
  if (details.open) drawBody();
  return details;
}

function levelSelect(value, key, onPick) {
  const select = el('select', { 'data-testid': 'reading-section-level', 'data-focus': `${key}-level` },
    el('option', { value: '', selected: value === '' }, 'As the file'),
    el('option', { value: 'mle', selected: value === 'mle' }, levelName('mle')),
    el('option', { value: 'senior', selected: value === 'senior' }, levelName('senior')));
  select.addEventListener('change', () => onPick(select.value));
  return select;
}

function candidate(c, key, change) {
  const box = el('input', { type: 'checkbox', checked: c.chosen, 'data-testid': 'reading-candidate', 'data-focus': `${key}-${c.line}`, dataset: { line: c.line } });
  box.addEventListener('change', () => change((r) => setTaken(r, c, box.checked)));
  return el('li', { class: c.chosen ? 'taken' : 'left' },
    el('label', {}, box,
      el('code', { class: 'line' }, String(c.line)),
      el('span', { class: 'reading-text' }, c.text),
      el('span', { class: 'tag muted' }, KIND_LABEL[c.kind] ?? c.kind)));
}
