// The form for writing or editing a question of one's own, with every field a bundled question has.
// Lists are written one item per line; the fields of a kind show only for that kind.

import { el, LEVELS, KINDS, DIFFICULTIES } from '../lib/dom.js';

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const blocks = (text) => text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);

function field(label, control, hint) {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control,
    hint ? el('span', { class: 'muted small' }, hint) : null);
}

function choice(name, options, value) {
  return el('select', { name, 'data-testid': `qf-${name}` },
    Object.entries(options).map(([v, label]) => el('option', { value: v, selected: v === value }, label)));
}

function area(name, value, rows = 3) {
  return el('textarea', { name, rows, 'data-testid': `qf-${name}` }, value ?? '');
}

/**
 * Builds the form for `q` (a question as the Rust side sends it, or null for a new one), offering
 * `categories` as suggestions. Returns the form; `readQuestion(form, id)` reads it back.
 */
export function questionForm(q, categories = []) {
  const g = q?.guide ?? {};
  const kind = q?.kind ?? 'concept';
  const listId = `categories-${Math.random().toString(36).slice(2)}`;
  const form = el('form', { class: 'question-form', 'data-testid': 'question-form', novalidate: true },
    field('Question', el('textarea', { name: 'prompt', rows: 3, required: true, maxlength: 2000, 'data-testid': 'qf-prompt', autofocus: true }, q?.prompt ?? '')),
    el('div', { class: 'form-grid' },
      field('Level', choice('level', LEVELS, q?.level ?? 'mle')),
      field('Category', el('input', { name: 'category', required: true, list: listId, value: q?.category ?? '', 'data-testid': 'qf-category', autocomplete: 'off' })),
      field('Kind', choice('kind', KINDS, kind)),
      field('Difficulty', choice('difficulty', DIFFICULTIES, q?.difficulty ?? 'medium')),
      field('Suggested minutes', el('input', { type: 'number', name: 'minutes', min: 1, max: 240, required: true, value: q?.minutes ?? 5, 'data-testid': 'qf-minutes' }))),
    el('datalist', { id: listId }, categories.map((c) => el('option', { value: c }))),
    el('fieldset', { class: 'guide-fields' },
      el('legend', {}, 'Answer guide'),
      field('Key points', area('keyPoints', (g.keyPoints ?? []).join('\n'), 4), 'One per line: what a strong answer covers.'),
      el('div', { class: 'form-grid two' },
        field('Follow-ups', area('followUps', (g.followUps ?? []).join('\n')), 'One per line.'),
        field('Red flags', area('redFlags', (g.redFlags ?? []).join('\n')), 'One per line.')),
      field('Reference answer', area('referenceAnswer', g.referenceAnswer ?? '', 4), 'A worked answer, shown with the key points when the guide is revealed.'),
      el('div', { class: 'form-grid two' },
        field('Source', el('input', { name: 'source', value: g.source ?? '', 'data-testid': 'qf-source', autocomplete: 'off' }), 'Where the question comes from: a link or a book.'),
        field('Tags', el('input', { name: 'tags', value: (g.tags ?? []).join(' '), 'data-testid': 'qf-tags', autocomplete: 'off' }), 'Separated by spaces.'))),
    el('fieldset', { class: 'guide-fields', dataset: { kind: 'design' } },
      el('legend', {}, 'Design phases'),
      field('Phases', area('phases', (g.phases ?? []).map((p) => `${p.name} | ${p.minutes} | ${p.covers}`).join('\n'), 4),
        'One per line: name | minutes | what a good answer covers there.')),
    el('fieldset', { class: 'guide-fields', dataset: { kind: 'coding' } },
      el('legend', {}, 'Coding problem'),
      field('Statement', area('statement', g.coding?.statement, 3)),
      el('div', { class: 'form-grid two' },
        field('Examples', area('examples', (g.coding?.examples ?? []).join('\n\n'), 3), 'Separate examples with a blank line.'),
        field('Constraints', area('constraints', (g.coding?.constraints ?? []).join('\n'), 3), 'One per line.')),
      field('Target complexity', el('input', { name: 'complexity', value: g.coding?.complexity ?? '' }))),
    el('fieldset', { class: 'guide-fields', dataset: { kind: 'behavioral' } },
      el('legend', {}, 'Behavioural'),
      field('Competency', el('input', { name: 'competency', value: g.behavioral?.competency ?? '' })),
      field('A strong answer holds', area('strongAnswer', (g.behavioral?.strongAnswer ?? []).join('\n')), 'One per line.')),
    el('p', { class: 'form-error', role: 'alert', 'data-testid': 'qf-error' }));
  const showKind = () => {
    for (const fs of form.querySelectorAll('fieldset[data-kind]')) fs.hidden = fs.dataset.kind !== form.elements.kind.value;
  };
  form.elements.kind.addEventListener('change', showKind);
  form.elements.kind.addEventListener('input', showKind);
  showKind();
  return form;
}

/** The question the form holds, or throws an Error naming the first field to fix. */
export function readQuestion(form, id = '') {
  const f = form.elements;
  const value = (name) => f[name].value.trim();
  if (!value('prompt')) throw fieldError(f.prompt, 'Write the question.');
  if (!value('category')) throw fieldError(f.category, 'Give it a category.');
  const minutes = Number(f.minutes.value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) throw fieldError(f.minutes, 'Suggested minutes must be 1 to 240.');
  const kind = f.kind.value;
  const phases = [];
  if (kind === 'design') {
    for (const line of lines(f.phases.value)) {
      const [name, mins, ...covers] = line.split('|').map((s) => s.trim());
      const m = Number(mins);
      if (!name || !Number.isInteger(m) || m < 1 || m > 120) throw fieldError(f.phases, `“${line}”: write name | minutes (1–120) | what it covers.`);
      phases.push({ name, minutes: m, covers: covers.join(' | ') });
    }
  }
  const coding = kind === 'coding' && (value('statement') || value('examples') || value('constraints') || value('complexity'))
    ? { statement: value('statement'), examples: blocks(f.examples.value), constraints: lines(f.constraints.value), complexity: value('complexity') }
    : null;
  const behavioral = kind === 'behavioral' && (value('competency') || value('strongAnswer'))
    ? { competency: value('competency'), strongAnswer: lines(f.strongAnswer.value) }
    : null;
  return {
    id,
    level: f.level.value,
    category: value('category'),
    kind,
    difficulty: f.difficulty.value,
    minutes,
    prompt: value('prompt'),
    seed: false,
    guide: {
      keyPoints: lines(f.keyPoints.value),
      followUps: lines(f.followUps.value),
      redFlags: lines(f.redFlags.value),
      referenceAnswer: value('referenceAnswer'),
      source: value('source'),
      tags: f.tags.value.split(/\s+/).filter(Boolean),
      phases,
      coding,
      behavioral,
    },
  };
}

function fieldError(input, message) {
  const e = new Error(message);
  e.input = input;
  return e;
}
