// The Library view: every pack, importing a file after a preview, packs of one's own with their
// questions (write, edit, delete), and saving any pack as a file.

import { call } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, plural, levelName, questionLabel, KINDS, toast } from '../lib/dom.js';
import { bind } from '../lib/keymap.js';
import { modal, confirmAction } from '../components/modal.js';
import { questionForm, readQuestion } from '../components/question-form.js';
import '../components/note-reading.js';

const EXPORTS = { toml: 'Onsite pack (.toml)', json: 'JSON (.json)', anki: 'Anki cards (.csv)' };
const ORIGINS = { bundled: 'Built in', folder: 'From your packs folder', own: 'Yours' };

let root;
let body;
let packs = [];

export function mount(node) {
  root = node;
  body = el('div', { class: 'library', 'data-testid': 'library' });
  root.append(
    el('header', { class: 'view-head' },
      el('h1', {}, 'Library'),
      el('div', { class: 'row push-right' },
        el('button', { type: 'button', class: 'btn', 'data-action': 'new-pack', 'data-testid': 'new-pack' }, 'New pack'),
        el('button', { type: 'button', class: 'btn primary', 'data-action': 'import', 'data-testid': 'import' },
          'Import questions…', ' ', el('kbd', {}, 'I')))),
    body);
  root.addEventListener('click', onClick);
  bind('library', { key: 'i' }, () => { importFile(); });
  bind('library', { key: 'n' }, () => (getState().library.packId ? editQuestion(null) : false));
  subscribe((s, action) => {
    if ((action === 'navigate' && s.view === 'library') || action === 'openPack') render();
  });
  // Mounted when first shown (see main.js).
  if (getState().view === 'library') render();
}

let renderSeq = 0;
/** Questions of an open pack shown at a time; "Show more" adds as many again. */
const OWN_PAGE = 50;

/** Draws the open pack, or the list of packs. Commands answer in any order, so an answer to an
 * older request than the latest is dropped: it would draw what was there before a save. */
async function render() {
  const seq = ++renderSeq;
  const id = getState().library.packId;
  let pack;
  let list;
  try {
    // Drawn again (after an edit, say), a pack keeps as many questions shown as it had.
    const shown = body.dataset.pack === id ? body.questions?.length ?? 0 : 0;
    if (id) pack = await call('get_own_pack', { id, window: { offset: 0, limit: Math.max(OWN_PAGE, shown) } });
    else list = await call('list_packs');
  } catch (e) {
    if (seq !== renderSeq) return;
    if (id) { dispatch('openPack', null); return; }
    body.replaceChildren(el('div', { class: 'banner error' }, `Could not list your packs: ${e.message}`));
    return;
  }
  if (seq !== renderSeq) return;
  if (pack) renderPack(pack);
  else { packs = list; renderPacks(); }
}

function exportButton(id) {
  return el('button', { type: 'button', class: 'btn small', 'data-action': 'export', dataset: { export: id }, 'data-testid': 'export-pack' }, 'Export…');
}

function renderPacks() {
  const own = packs.filter((p) => p.origin === 'own');
  const others = packs.filter((p) => p.origin !== 'own');
  body.replaceChildren(
    el('h2', { class: 'section-title' }, 'Your packs'),
    own.length ? el('div', { class: 'pack-grid', 'data-testid': 'own-packs' }, own.map((p) => el('article', { class: 'card pack', dataset: { id: p.id }, 'data-testid': 'own-pack' },
      el('h3', {}, p.title),
      el('p', { class: 'muted small' }, `${plural(p.questions, 'question')} · Licence: ${p.license}`),
      el('p', { class: 'muted small pack-source' }, p.importedFrom ? `Imported from ${p.importedFrom}` : p.source),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'btn small primary', 'data-action': 'open', 'data-testid': 'open-pack' }, 'Open'),
        exportButton(p.id),
        el('button', { type: 'button', class: 'btn small ghost danger-text', 'data-action': 'remove', 'data-testid': 'remove-pack' }, 'Remove')))))
      : el('div', { class: 'card muted-card empty-state', 'data-testid': 'no-own-packs' },
        el('p', {}, 'You have no packs of your own yet.'),
        el('p', { class: 'muted small' }, 'Import a Markdown note, an Onsite pack, JSON or an Anki export, start a new pack, or copy a question from the bank into a pack of your own.')),
    el('h2', { class: 'section-title' }, 'Built-in packs'),
    el('table', { class: 'pack-table', 'data-testid': 'builtin-packs' },
      el('thead', {}, el('tr', {}, ['Pack', 'Questions', 'Licence', 'Source', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, others.map((p) => el('tr', { dataset: { id: p.id } },
        el('td', {}, el('strong', {}, p.title), el('div', { class: 'muted small' }, ORIGINS[p.origin])),
        el('td', { class: 'num' }, String(p.questions)),
        el('td', { class: 'nowrap' }, p.license),
        el('td', { class: 'muted small' }, p.source),
        el('td', {}, exportButton(p.id)))))));
}

async function renderPack(pack) {
  const { info, questions } = pack;
  const meta = el('form', { class: 'card pack-meta', 'data-testid': 'pack-meta' },
    el('div', { class: 'form-grid two' },
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Title'), el('input', { name: 'title', value: info.title, required: true, 'data-testid': 'pack-title' })),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Licence'), el('input', { name: 'license', value: info.license })),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Source'), el('input', { name: 'source', value: info.source })),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Description'), el('input', { name: 'description', value: info.description }))),
    info.importedFrom ? el('p', { class: 'muted small' }, `Imported from ${info.importedFrom}. Importing that file again updates this pack.`) : null,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'btn small', 'data-testid': 'save-pack' }, 'Save details'),
      el('span', { class: 'save-status', 'aria-live': 'polite' })));
  meta.addEventListener('submit', (e) => { e.preventDefault(); savePackMeta(meta, info.id); });
  body.replaceChildren(
    el('div', { class: 'row pack-head' },
      el('button', { type: 'button', class: 'btn ghost', 'data-action': 'back', 'data-testid': 'back-to-packs' }, '← All packs'),
      el('h2', { 'data-testid': 'open-pack-title' }, info.title),
      el('div', { class: 'row push-right' }, exportButton(info.id),
        el('button', { type: 'button', class: 'btn primary', 'data-action': 'add-question', 'data-testid': 'add-question' }, 'Add question', ' ', el('kbd', {}, 'N')))),
    meta,
    questions.length
      ? el('ol', { class: 'own-questions', 'data-testid': 'own-questions' }, questions.map(ownQuestionRow))
      : el('div', { class: 'card muted-card empty-state', 'data-testid': 'pack-empty' }, el('p', {}, 'No questions yet.'),
        el('p', { class: 'muted small' }, 'Add one, or copy one from the Questions view.')),
    el('button', { type: 'button', class: 'btn ghost', 'data-action': 'more-questions', 'data-testid': 'own-questions-more', hidden: questions.length >= info.questions }, 'Show more'));
  body.dataset.pack = info.id;
  body.questions = questions;
  const pending = getState().library.editId;
  if (pending) {
    dispatch('editQuestion', null);
    // The question to edit may be past the questions shown: it is asked for on its own.
    const q = questions.find((x) => x.id === pending) ?? await call('get_own_question', { id: pending }).catch(() => null);
    if (q) editQuestion(q);
  }
}

/** One question of a pack of one's own, with its Edit and Delete buttons. */
function ownQuestionRow(q) {
  return el('li', { class: 'own-q', dataset: { qid: q.id }, 'data-testid': 'own-question' },
    el('div', {},
      el('div', { class: 'q-prompt' }, q.prompt),
      el('div', { class: 'q-meta' }, el('span', { class: `pill kind-${q.kind}` }, KINDS[q.kind]),
        el('span', { class: 'muted' }, questionLabel(q, `${q.minutes} min`)),
        q.guide.keyPoints.length ? el('span', { class: 'muted' }, plural(q.guide.keyPoints.length, 'key point')) : null)),
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'btn small', 'data-action': 'edit', 'data-testid': 'edit-question' }, 'Edit'),
      el('button', { type: 'button', class: 'btn small ghost danger-text', 'data-action': 'delete', 'data-testid': 'delete-question' }, 'Delete')));
}

/** Adds the next page of the open pack's questions. */
async function showMoreQuestions(button) {
  const id = body.dataset.pack;
  const seq = renderSeq;
  button.disabled = true;
  try {
    const { info, questions } = await call('get_own_pack', { id, window: { offset: body.questions.length, limit: OWN_PAGE } });
    if (seq !== renderSeq) return;
    body.questions = [...body.questions, ...questions];
    body.querySelector('[data-testid=own-questions]').append(...questions.map(ownQuestionRow));
    button.hidden = body.questions.length >= info.questions || !questions.length;
  } catch (e) {
    toast(`Could not load more questions: ${e.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function savePackMeta(form, id) {
  const status = form.querySelector('.save-status');
  const f = new FormData(form);
  const meta = Object.fromEntries(['title', 'description', 'source', 'license'].map((k) => [k, String(f.get(k) ?? '')]));
  try {
    await call('update_pack', { id, meta });
    status.textContent = 'Saved';
    status.dataset.state = 'saved';
    root.querySelector('[data-testid=open-pack-title]').textContent = meta.title;
  } catch (e) {
    status.textContent = `Not saved: ${e.message}`;
    status.dataset.state = 'error';
  }
}

async function onClick(e) {
  const b = e.target.closest('[data-action]');
  if (!b) return;
  const id = b.closest('[data-id]')?.dataset.id;
  const qid = b.closest('[data-qid]')?.dataset.qid;
  switch (b.dataset.action) {
    case 'import': return importFile();
    case 'new-pack': return newPack();
    case 'open': return dispatch('openPack', id);
    case 'back': return dispatch('openPack', null);
    case 'remove': return removePack(id);
    case 'add-question': return editQuestion(null);
    case 'more-questions': return showMoreQuestions(b);
    case 'edit': return editQuestion(body.questions.find((q) => q.id === qid));
    case 'delete': return deleteQuestion(body.questions.find((q) => q.id === qid));
    case 'export': return exportPack(b.dataset.export);
    default: return undefined;
  }
}

/** Asks which format, then where, and saves the pack there. */
async function exportPack(id) {
  const title = packs.find((p) => p.id === id)?.title ?? root.querySelector('[data-testid=open-pack-title]')?.textContent ?? id;
  const choices = el('div', { class: 'export-choices', role: 'radiogroup', 'aria-label': 'Format' },
    Object.entries(EXPORTS).map(([v, label], i) => el('label', { class: 'check' },
      el('input', { type: 'radio', name: 'format', value: v, checked: i === 0, autofocus: i === 0, 'data-testid': `export-format-${v}` }), label)));
  const form = el('form', {}, choices,
    el('p', { class: 'muted small' }, 'An Onsite pack or JSON keeps every field and imports back unchanged; Anki cards carry the question, its key points and tags.'));
  await modal({
    title: `Export “${title}”`, body: form, testid: 'export-dialog',
    actions: [
      { label: 'Cancel', kind: 'ghost' },
      { label: 'Choose where…', kind: 'primary', testid: 'export-confirm', busy: 'Saving…', run: async () => {
        const format = new FormData(form).get('format');
        try {
          const saved = await call('export_pack', { id, format });
          if (saved) toast(`Saved ${plural(saved.count, 'question')} to ${saved.path}`);
          return true;
        } catch (err) {
          toast(`Could not export the pack: ${err.message}`, 'error');
          return false;
        }
      } },
    ],
  });
}

/** The bank changed: the Questions view and its filters load it again. */
async function bankChanged() {
  try {
    dispatch('bankChanged', await call('bank_overview'));
  } catch (e) {
    toast(`Could not reload the bank: ${e.message}`, 'error');
  }
}

/** After a change is stored: reload the bank and redraw, and only then say it is done, so the
 * message never stands next to a list that does not show it yet. */
async function changed(message) {
  await bankChanged();
  await render();
  toast(message);
}

async function newPack() {
  const form = el('form', { class: 'form-grid two', 'data-testid': 'new-pack-form' },
    el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Title'), el('input', { name: 'title', required: true, autofocus: true, 'data-testid': 'new-pack-title' })),
    el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Licence'), el('input', { name: 'license', placeholder: 'e.g. CC-BY-4.0, or Personal use' })),
    el('label', { class: 'field span-2' }, el('span', { class: 'field-label' }, 'Description'), el('input', { name: 'description' })),
    el('p', { class: 'form-error span-2', role: 'alert' }));
  const id = await modal({
    title: 'New pack', body: form, testid: 'new-pack-dialog',
    actions: [
      { label: 'Cancel', kind: 'ghost' },
      { label: 'Create pack', kind: 'primary', testid: 'create-pack', busy: 'Creating…', run: async () => {
        const f = new FormData(form);
        if (!String(f.get('title')).trim()) { form.querySelector('.form-error').textContent = 'Give the pack a title.'; form.elements.title.focus(); return false; }
        try {
          return await call('create_pack', { meta: { title: String(f.get('title')), license: String(f.get('license')), description: String(f.get('description')), source: '' } });
        } catch (err) { form.querySelector('.form-error').textContent = err.message; return false; }
      } },
    ],
  });
  if (id) dispatch('openPack', id);
}

async function removePack(id) {
  const p = packs.find((x) => x.id === id);
  if (!p) return;
  const ok = await confirmAction('Remove this pack?',
    `“${p.title}” and its ${plural(p.questions, 'question')} leave your library and the bank. Your notes and rounds on them are kept, and importing the pack again brings it back.`,
    'Remove pack', 'confirm-remove');
  if (!ok) return;
  try {
    await call('remove_pack', { id });
    await changed(`Removed “${p.title}”`);
  } catch (e) {
    toast(`Could not remove the pack: ${e.message}`, 'error');
  }
}

async function editQuestion(q) {
  const packId = body.dataset.pack;
  const categories = [...new Set((getState().overview?.categories ?? []).map((c) => c.name))];
  const form = questionForm(q, categories);
  const error = form.querySelector('[data-testid=qf-error]');
  const saved = await modal({
    title: q ? 'Edit question' : 'Add a question', body: form, testid: 'question-dialog', wide: true,
    actions: [
      { label: 'Cancel', kind: 'ghost', testid: 'qf-cancel' },
      { label: q ? 'Save question' : 'Add question', kind: 'primary', testid: 'qf-save', busy: 'Saving…', run: async () => {
        let question;
        try { question = readQuestion(form, q?.id ?? ''); } catch (err) { error.textContent = err.message; err.input?.focus(); return false; }
        try { return await call('save_question', { packId, question }); } catch (err) { error.textContent = err.message; return false; }
      } },
    ],
  });
  if (!saved) return;
  await changed(q ? 'Question saved' : 'Question added');
  body.querySelector(`[data-qid="${CSS.escape(saved)}"] [data-action=edit]`)?.focus();
}

async function deleteQuestion(q) {
  if (!q) return;
  const ok = await confirmAction('Delete this question?',
    `“${q.prompt}” leaves the pack and the bank. Your note and rounds on it are kept.`, 'Delete question', 'confirm-delete');
  if (!ok) return;
  try {
    await call('delete_question', { id: q.id });
    await changed('Question deleted');
  } catch (e) {
    toast(`Could not delete the question: ${e.message}`, 'error');
  }
}

/** Asks for a file, shows what importing it would do, and imports it if the user confirms. */
async function importFile() {
  const button = root.querySelector('[data-action=import]');
  if (button.disabled) return;
  button.disabled = true;
  button.firstChild.textContent = 'Opening…';
  let preview;
  try {
    preview = await call('preview_import');
  } catch (e) {
    toast(`Could not read the file: ${e.message}`, 'error');
    return;
  } finally {
    button.disabled = false;
    button.firstChild.textContent = 'Import questions…';
  }
  if (!preview) return;
  const done = await showPreview(preview);
  if (!done) return;
  dispatch('openPack', null);
  await changed(`Imported ${plural(done.questions, 'question')} into “${done.title}”`);
}

function located(e) {
  return el('li', {}, el('code', {}, `line ${e.line}`), e.field ? ` ${e.field}: ` : ' ', e.message);
}

function showPreview(p) {
  if (p.reading) return showNotePreview(p);
  if (p.errors.length) {
    return modal({
      title: 'This file cannot be imported yet', testid: 'import-preview', wide: true,
      body: el('div', { class: 'preview' },
        el('p', {}, el('code', {}, p.file)),
        el('p', {}, `Fix ${p.errors.length === 1 ? 'this problem' : `these ${p.errors.length} problems`} in the file, then import it again. Nothing was imported.`),
        el('ul', { class: 'errors', 'data-testid': 'import-errors' }, p.errors.map(located))),
      actions: [{ label: 'Close', kind: 'primary', testid: 'import-close' }],
    });
  }
  const fields = importFields(p);
  return modal({
    title: `Import “${p.title}”?`, body: el('div', { class: 'preview', 'data-testid': 'preview-body' }, previewFacts(p, fields)),
    testid: 'import-preview', wide: true,
    actions: importActions(() => p, fields),
  }).then((r) => (r && r.packId ? r : null));
}

/** The licence and skip-duplicates fields, kept while a note's preview is redrawn. */
function importFields(p) {
  return {
    license: el('input', { name: 'license', value: p.license, 'data-testid': 'import-license', autofocus: true, 'data-focus': 'license' }),
    skip: el('input', { type: 'checkbox', name: 'skip', 'data-testid': 'import-skip-duplicates', 'data-focus': 'skip' }),
  };
}

/** Cancel and Import; Import first waits for the reading being corrected (`rereading`), if any. */
function importActions(current, { license, skip }, rereading = () => null) {
  return [
    { label: 'Cancel', kind: 'ghost', testid: 'import-cancel' },
    { label: 'Import', kind: 'primary', testid: 'import-confirm', busy: 'Importing…', run: async () => {
      await rereading();
      if (current().errors.length) {
        toast('Nothing to import yet: correct the reading of the note first', 'error');
        return false;
      }
      try {
        return await call('apply_import', { choice: { license: license.value, skipDuplicates: skip.checked } });
      } catch (e) {
        toast(`Not imported: ${e.message}`, 'error');
        return false;
      }
    } },
  ];
}

/**
 * What importing the previewed file would do: pack, counts by category, duplicates, warnings.
 * `reading` (a note's reading panel) goes right after the counts it changes.
 */
function previewFacts(p, { license, skip }, reading = null) {
  const { categories, changes, duplicates } = p.plan ?? { categories: [], changes: null, duplicates: [] };
  const levels = [...new Set(categories.map((c) => c.level))];
  return [
    el('dl', { class: 'facts' },
      el('dt', {}, 'File'), el('dd', {}, el('code', {}, p.file)),
      el('dt', {}, 'Read as'), el('dd', {}, p.formatLabel ?? 'Markdown note'),
      p.plan ? [el('dt', {}, 'Pack'), el('dd', { 'data-testid': 'import-pack' }, p.updates ? `Updates your pack “${p.updates}”`
        : p.restores ? `Brings back your removed pack “${p.restores}”` : `A new pack: “${p.title}”`)] : null,
      el('dt', {}, 'Questions'), el('dd', { 'data-testid': 'import-summary' }, `${p.questions} in ${plural(categories.length, 'category', 'categories')}`,
        p.updates ? ` — ${changes.new} new, ${changes.updated} changed, ${changes.unchanged} unchanged, ${changes.removed} leaving` : '',
        p.updates && changes.kept ? `; ${changes.kept} you wrote or edited in Onsite stay as they are` : '')),
    p.errors.length ? el('div', { class: 'preview-section warn', 'data-testid': 'import-errors' },
      el('strong', {}, 'Nothing can be imported yet'),
      el('ul', { class: 'errors' }, p.errors.map(located))) : null,
    reading,
    categories.length ? el('div', { class: 'preview-cats', 'data-testid': 'import-categories' }, levels.map((lv) => el('section', {},
      el('h3', {}, levelName(lv)),
      el('table', { class: 'cat-table' }, el('tbody', {}, categories.filter((c) => c.level === lv).map((c) =>
        el('tr', {}, el('td', {}, c.name), el('td', { class: 'num' }, String(c.count))))))))) : null,
    duplicates.length ? el('details', { class: 'preview-section', 'data-testid': 'import-duplicates' },
      el('summary', {}, `${plural(duplicates.length, 'question')} ${duplicates.length === 1 ? 'is' : 'are'} already in your bank`),
      el('ul', { class: 'dup-list' }, duplicates.map((d) => el('li', {}, el('code', {}, `line ${d.line}`), ` ${d.prompt} `, el('span', { class: 'muted small' }, `— in ${d.alreadyIn}`)))),
    ) : null,
    p.warnings.length ? el('details', { class: 'preview-section warn', open: true, 'data-testid': 'import-warnings' },
      el('summary', {}, `${plural(p.warnings.length, 'thing')} to check`),
      el('ul', { class: 'errors' }, p.warnings.map(located))) : null,
    el('div', { class: 'form-grid two' },
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Licence recorded with the pack'), license),
      duplicates.length ? el('label', { class: 'check' }, skip, `Skip the ${duplicates.length} already in the bank`) : null),
  ];
}

/**
 * A note's preview, with how it was read for the user to correct. Each correction reads the file
 * again (in the backend, at once), in the order they were made, each on the reading the one before
 * gave; the counts are redrawn when none is left. Import waits for them.
 */
function showNotePreview(first) {
  let p = first;
  const fields = importFields(p);
  const panel = el('note-reading');
  const body = el('div', { class: 'preview', 'data-testid': 'preview-body' });
  const queue = [];
  /** The rereads under way, until the queue is empty. */
  let rereading = null;

  panel.addEventListener('reading-change', (e) => {
    queue.push(e.detail);
    rereading ??= reread();
  });

  async function reread() {
    body.setAttribute('aria-busy', 'true');
    while (queue.length) {
      const { edit, pick } = queue.shift();
      const next = structuredClone(p.reading.reading);
      if (edit) edit(next);
      try {
        p = await call('reread_import', { reading: next, pick: pick ?? null });
      } catch (e) {
        toast(`Could not read the file again: ${e.message}`, 'error');
      }
    }
    body.removeAttribute('aria-busy');
    rereading = null;
    draw();
  }

  function draw() {
    const focused = body.contains(document.activeElement) && !panel.contains(document.activeElement)
      ? document.activeElement.dataset.focus : null;
    panel.state = { view: p.reading, remembered: p.remembered };
    body.replaceChildren(...previewFacts(p, fields, panel).filter(Boolean));
    if (focused) body.querySelector(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
    body.closest('dialog')?.querySelector('[data-testid=import-confirm]')?.setAttribute('aria-disabled', String(p.errors.length > 0));
  }

  draw();
  const name = p.file.split(/[\\/]/).pop();
  const result = modal({
    title: `Import “${p.title || name}”?`, body, testid: 'import-preview', wide: true,
    actions: importActions(() => p, fields, () => rereading),
  });
  draw();
  return result.then((r) => (r && r.packId ? r : null));
}
