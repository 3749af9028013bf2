// The Settings view: theme, default time budgets, sound cues, and where the data lives.

import { call } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, KINDS, toast } from '../lib/dom.js';

export function mount(root) {
  const status = el('span', { class: 'save-status', 'data-testid': 'settings-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'settings', 'data-testid': 'settings-form' });
  root.append(el('header', { class: 'view-head' }, el('h1', {}, 'Settings'), status), form);

  function render() {
    const { settings, info, overview } = getState();
    if (!settings) return;
    form.replaceChildren(
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Theme'),
        el('div', { class: 'segmented', role: 'radiogroup' }, ['light', 'dark', 'system'].map((t) =>
          el('label', {}, el('input', { type: 'radio', name: 'theme', value: t, checked: settings.theme === t, 'data-testid': `theme-${t}` }),
            el('span', {}, t[0].toUpperCase() + t.slice(1)))))),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Default time per question'),
        el('p', { class: 'muted small' }, 'Minutes, by kind of question. Rounds use these unless a round sets its own.'),
        el('div', { class: 'budgets' }, Object.entries(KINDS).map(([k, label]) =>
          el('label', { class: 'budget' }, el('span', {}, label),
            el('input', { type: 'number', min: 1, max: 240, step: 1, name: `budget-${k}`, value: settings.budgets[k], 'data-testid': `budget-${k}`, required: true }),
            el('span', { class: 'muted small' }, 'min'))))),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Sound'),
        el('label', { class: 'switch' }, el('input', { type: 'checkbox', name: 'soundCues', checked: settings.soundCues, 'data-testid': 'sound-cues' }),
          el('span', {}, 'Play a soft sound when a question’s time is up'))),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Your data'),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Data folder'), el('dd', {}, el('code', { 'data-testid': 'data-dir' }, info?.dataDir ?? '')),
          el('dt', {}, 'Your own packs'), el('dd', {}, el('code', {}, overview?.userPacksDir ?? ''), el('span', { class: 'muted small' }, ' — put .toml packs here; they load at the next start.')),
          el('dt', {}, 'Question bank'), el('dd', { 'data-testid': 'bank-summary' }, `${overview?.total ?? 0} questions` +
            (overview?.errors?.length ? `, ${overview.errors.length} pack error(s): see Questions` : '')),
          el('dt', {}, 'Notes'), el('dd', {}, el('button', { type: 'button', class: 'btn small', 'data-action': 'export-notes', 'data-testid': 'export-notes' },
            'Export as Markdown'), el('span', { class: 'muted small' }, ' — one document, by level and category, into exports/')),
          el('dt', {}, 'Version'), el('dd', {}, info?.version ?? ''))));
  }

  function read() {
    const f = new FormData(form);
    // A budget being corrected keeps its saved value, so it never blocks other changes.
    const budgets = Object.fromEntries(Object.keys(KINDS).map((k) => {
      const input = form.elements[`budget-${k}`];
      return [k, input.checkValidity() ? Number(f.get(`budget-${k}`)) : getState().settings.budgets[k]];
    }));
    return { theme: f.get('theme'), budgets, soundCues: f.get('soundCues') === 'on' };
  }

  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', async (e) => {
    if (!e.target.closest('[data-action=export-notes]')) return;
    try {
      const out = await call('export_notes');
      await navigator.clipboard?.writeText(out.markdown).catch(() => {});
      toast(`Saved as ${out.path}`);
    } catch (err) {
      toast(`Could not export your notes: ${err.message}`, 'error');
    }
  });
  // Saves go one after another, so an older answer can never undo a newer change.
  let queue = Promise.resolve();
  form.addEventListener('change', (e) => {
    queue = queue.then(() => save(e));
  });

  async function save(e) {
    if (e.target.type === 'number' && !e.target.checkValidity()) {
      status.textContent = `${e.target.closest('label').firstChild.textContent}: enter 1 to 240 minutes`;
      status.dataset.state = 'error';
      return;
    }
    status.textContent = 'Saving…';
    status.dataset.state = 'saving';
    try {
      const saved = await call('set_settings', { settings: read() });
      dispatch('settingsSaved', saved);
      status.textContent = 'Saved';
      status.dataset.state = 'saved';
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
      status.dataset.state = 'error';
    }
  }

  subscribe((s, action) => {
    if (action === 'loaded') render();
  });
}
