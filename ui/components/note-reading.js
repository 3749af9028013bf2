// <note-reading>: how a note was read, for the user to correct in the import preview: which
// headings hold questions and which categories, whether list items are questions, the level of the
// whole file or of a section, and each candidate taken or left out, one by one or a section at a
// time. Set `.state = { view, remembered }` with the `reading` a preview sends. Each correction is
// emitted as a bubbling `reading-change` event whose detail is `{ edit }` (a function that changes
// a copy of the reading) or `{ pick }` (candidates to take or leave out, which the backend applies);
// the owner reads the file again and sets the new state. Open sections list their candidates a
// window at a time, fetched from the backend as they scroll into view.

import { call } from '../lib/ipc.js';
import { el, plural, levelName, toast } from '../lib/dom.js';
import { VirtualList } from './virtual-list.js';

const ROW_HEIGHT = 30;
const KIND_LABEL = { heading: 'heading', item: 'item', row: 'row', paragraph: 'line' };
const DEFAULT = {
  questionHeadings: null, categoryHeadings: null, items: 'auto', level: null,
  sectionLevels: [], excluded: [], included: [],
};

class NoteReading extends HTMLElement {
  constructor() {
    super();
    /** Lines of the sections the user opened, and where each one's list was scrolled to. */
    this.open = new Set();
    this.scrolled = new Map();
    this.addEventListener('change', (e) => this.changed(e));
    this.addEventListener('click', (e) => this.clicked(e));
    // `toggle` does not bubble: listen as it goes down.
    this.addEventListener('toggle', (e) => this.toggled(e), true);
  }

  set state({ view, remembered }) {
    this.view = view;
    this.remembered = remembered;
    this.render();
  }

  emit(detail) {
    this.dispatchEvent(new CustomEvent('reading-change', { bubbles: true, detail }));
  }

  edit(change) {
    this.emit({ edit: change });
  }

  changed(e) {
    const t = e.target;
    const value = t.value;
    switch (t.dataset.choice) {
      case 'questionHeadings':
      case 'categoryHeadings':
        return this.edit((r) => { r[t.dataset.choice] = value === '' ? null : Number(value); });
      case 'items':
        return this.edit((r) => { r.items = value; });
      case 'level':
        return this.edit((r) => { r.level = value || null; });
      case 'sectionLevel': {
        const line = Number(t.dataset.section);
        return this.edit((r) => {
          r.sectionLevels = r.sectionLevels.filter((x) => x.line !== line);
          if (value) r.sectionLevels.push({ line, level: value });
        });
      }
      case 'candidate':
        return this.emit({ pick: { line: Number(t.dataset.line), take: t.checked } });
      default:
    }
  }

  clicked(e) {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    if (b.dataset.action === 'reset') this.edit((r) => Object.assign(r, structuredClone(DEFAULT)));
    if (b.dataset.action === 'take' || b.dataset.action === 'leave') {
      this.emit({ pick: { section: Number(b.dataset.section), take: b.dataset.action === 'take' } });
    }
  }

  toggled(e) {
    const details = e.target;
    if (!(details instanceof HTMLDetailsElement) || !details.dataset.line) return;
    const line = Number(details.dataset.line);
    if (details.open) {
      this.open.add(line);
      this.drawCandidates(details, this.view.sections.find((s) => s.line === line));
    } else {
      this.open.delete(line);
    }
  }

  render() {
    const focused = this.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
    for (const list of this.querySelectorAll('[data-scroller]')) this.scrolled.set(list.dataset.scroller, list.scrollTop);
    const { view } = this;
    const r = view.reading;
    const levels = view.headingLevels.map((h) => [String(h.level), `H${h.level} headings`]);
    const corrected = JSON.stringify(r) !== JSON.stringify(DEFAULT);
    this.replaceChildren(el('section', { class: 'reading', 'data-testid': 'import-reading' },
      el('div', { class: 'reading-head' },
        el('h3', {}, 'How the note was read'),
        this.remembered ? el('span', { class: 'badge', 'data-testid': 'reading-remembered' }, 'Your corrections from the last import') : null,
        corrected ? el('button', { type: 'button', class: 'btn ghost small', 'data-action': 'reset', 'data-testid': 'reading-reset', 'data-focus': 'reset' }, 'Undo all corrections') : null),
      el('p', { class: 'muted small' }, 'Correct anything read wrongly; the counts follow at once, and importing this file again reads it the same way.'),
      el('div', { class: 'reading-choices' },
        choice('Questions are', 'questionHeadings', r.questionHeadings, [
          ['', view.judgedQuestionHeadings ? `Judged (H${view.judgedQuestionHeadings}, lists)` : 'Judged (lists)'],
          ['0', 'No headings'], ...levels]),
        choice('Categories are', 'categoryHeadings', r.categoryHeadings, [
          ['', 'Judged (headings)'], ['0', 'One for the file'], ...levels]),
        choice('List items are', 'items', r.items, [
          ['auto', 'Judged by list'], ['questions', 'Questions'], ['answers', 'Not questions']]),
        choice('Level', 'level', r.level, [
          ['', 'As the note says'], ['mle', levelName('mle')], ['senior', levelName('senior')]])),
      view.sections.length
        ? el('div', { class: 'reading-sections', 'data-testid': 'reading-sections' }, view.sections.map((s) => this.section(s)))
        : el('p', { class: 'muted' }, 'Nothing in this note looks like a question.')));
    for (const d of this.querySelectorAll('details[open]')) {
      this.drawCandidates(d, view.sections.find((s) => s.line === Number(d.dataset.line)));
    }
    this.focusKey = focused;
    this.restoreFocus();
  }

  section(s) {
    const title = s.line === 0 ? 'Before the first heading' : s.title || `Line ${s.line}`;
    const key = `section-${s.line}`;
    return el('details', { class: 'reading-section', 'data-testid': 'reading-section', dataset: { line: s.line }, open: this.open.has(s.line) },
      el('summary', { 'data-focus': key },
        s.heading ? el('span', { class: 'tag' }, `H${s.heading}`) : null,
        el('span', { class: 'reading-title' }, title),
        el('span', { class: 'reading-count', 'data-testid': 'reading-count' }, `${s.taken} of ${plural(s.total, 'candidate')}`),
        s.skipped ? el('span', { class: 'muted small' }, 'resources, left out') : null,
        el('span', { class: 'muted small' }, levelName(s.level))));
  }

  /** The body of an open section: its tools, and its candidates in a list that pages. */
  drawCandidates(details, s) {
    if (!s || details.querySelector('.reading-body')) return;
    const key = `section-${s.line}`;
    const set = this.view.reading.sectionLevels.find((x) => x.line === s.line)?.level ?? '';
    const scroller = el('div', { class: 'reading-scroller', dataset: { scroller: key } });
    const list = el('ul', { class: 'reading-list', role: 'list', 'data-testid': 'reading-list' });
    scroller.append(list);
    details.append(el('div', { class: 'reading-body' },
      el('div', { class: 'reading-tools' },
        el('button', { type: 'button', class: 'btn ghost small', 'data-action': 'take', dataset: { section: s.line }, 'data-testid': 'reading-all', 'data-focus': `${key}-all` }, 'Take all'),
        el('button', { type: 'button', class: 'btn ghost small', 'data-action': 'leave', dataset: { section: s.line }, 'data-testid': 'reading-none', 'data-focus': `${key}-none` }, 'Leave all out'),
        s.line ? el('label', { class: 'inline' }, 'Level ',
          select('sectionLevel', set, [['', 'As the file'], ['mle', levelName('mle')], ['senior', levelName('senior')]],
            { 'data-testid': 'reading-section-level', 'data-section': s.line, 'data-focus': `${key}-level` })) : null),
      scroller));
    scroller.style.height = `${Math.min(s.total, 8) * ROW_HEIGHT + 2}px`;
    const rows = new VirtualList({
      scroller, list, rowHeight: ROW_HEIGHT,
      fetch: (offset, limit) => call('reading_candidates', { section: s.line, window: { offset, limit } }).catch((e) => {
        toast(`Could not list the candidates: ${e.message}`, 'error');
        return [];
      }),
      row: (c) => candidate(c, key),
      placeholder: () => el('li', { class: 'reading-row placeholder-row' }, el('span', { class: 'muted small' }, 'Loading…')),
      drawn: () => this.restoreFocus(),
    });
    const top = this.scrolled.get(key) ?? 0;
    rows.reset(s.total).then(() => {
      rows.scrollTo(top);
      rows.draw();
    });
  }

  /** Puts the focus back on the control that had it before a redraw, once it is drawn. */
  restoreFocus() {
    if (!this.focusKey) return;
    const target = this.querySelector(`[data-focus="${CSS.escape(this.focusKey)}"]`);
    if (target) {
      target.focus({ preventScroll: true });
      this.focusKey = null;
    }
  }
}

function select(name, value, options, attrs = {}) {
  return el('select', { 'data-choice': name, ...attrs },
    options.map(([v, text]) => el('option', { value: v, selected: String(value ?? '') === v }, text)));
}

function choice(label, name, value, options) {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label),
    select(name, value, options, { 'data-testid': `reading-${name}`, 'data-focus': name }));
}

function candidate(c, key) {
  return el('li', { class: `reading-row ${c.chosen ? 'taken' : 'left'}` },
    el('label', { title: c.text },
      el('input', { type: 'checkbox', checked: c.chosen, 'data-choice': 'candidate', 'data-testid': 'reading-candidate', 'data-focus': `${key}-${c.line}`, dataset: { line: c.line } }),
      el('code', { class: 'line' }, String(c.line)),
      el('span', { class: 'reading-text' }, c.text),
      el('span', { class: 'tag muted' }, KIND_LABEL[c.kind] ?? c.kind)));
}

customElements.define('note-reading', NoteReading);
