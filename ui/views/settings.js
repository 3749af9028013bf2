// The Settings view: theme, default time budgets, the review schedule's aim, sound cues, and where
// the data lives.

import { call } from '../lib/ipc.js';
import { getState, subscribe } from '../lib/state.js';
import { el, KINDS, plural, toast } from '../lib/dom.js';
import { confirmAction } from '../components/modal.js';
import { flushAll } from '../lib/autosave.js';
import { optimiser } from '../components/optimiser.js';
import { backupList } from '../components/backup-list.js';
import { saveSettings } from '../lib/settings.js';
import { forgetPython } from '../components/code-drill.js';

/** What each data button does. Each opens a native file dialog in Rust; cancelling does nothing. */
const DATA_ACTIONS = {
  async 'export-notes-document'() {
    const out = await call('export_notes', { layout: 'document' });
    if (out) toast(`Saved ${plural(out.count, 'note')} to ${out.path}`);
  },
  async 'export-notes-files'() {
    const out = await call('export_notes', { layout: 'files' });
    if (out) toast(`Saved ${plural(out.count, 'note')} as files in ${out.path}`);
  },
  async 'export-anki'() {
    const out = await call('export_anki');
    if (out) toast(`Saved ${plural(out.count, 'card')} to ${out.path}`);
  },
  async 'export-reviews'() {
    const out = await call('export_reviews');
    if (out) toast(`Saved ${plural(out.count, 'review')} to ${out.path}`);
  },
  async backup() {
    const out = await call('backup');
    if (out) toast(`Backed up to ${out.path}`);
  },
  async restore() {
    const ok = await confirmAction('Restore from a backup?',
      'Everything here (notes, rounds, your packs) is replaced by the backup you choose. What is here now is saved in the backups folder first, so it can be restored too.',
      'Choose a backup…', 'confirm-restore');
    if (!ok) return;
    // Anything still being saved goes into the current data (and so into the copy kept aside).
    if (!(await flushAll())) throw new Error('a note could not be saved first, so nothing was restored');
    const out = await call('restore_backup');
    if (!out) return;
    sessionStorage.setItem('onsite-restored', `Restored from ${out.from}. Your previous data was saved as ${out.previous}.`);
    location.reload();
  },
};

export function mount(root) {
  const status = el('span', { class: 'save-status', 'data-testid': 'settings-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'settings', 'data-testid': 'settings-form' });
  root.append(el('header', { class: 'view-head' }, el('h1', {}, 'Settings'), status), form);
  const fit = optimiser();
  const backups = backupList();
  const pythonLine = el('p', { class: 'small', 'data-testid': 'python-info', 'aria-live': 'polite' }, 'Looking for Python…');

  let asked = 0;
  /** Shows the Python drills run on: its version and NumPy, or why it cannot run. */
  async function refreshPython() {
    forgetPython();
    const mine = ++asked;
    let p;
    try {
      p = await call('python_info');
    } catch (err) {
      p = { problem: err.message };
    }
    if (mine !== asked) return; // a newer path was asked about since
    pythonLine.className = p.problem ? 'small banner warn' : 'small';
    pythonLine.textContent = p.problem
      || `${p.version} (${p.program}) · ${p.numpy ? `NumPy ${p.numpy}` : 'NumPy is not installed: drills that use it will fail to import it'}`;
  }

  function render() {
    const { settings, info, overview } = getState();
    if (!settings) return;
    fit.draw();
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
        el('legend', {}, 'Review schedule'),
        el('label', { class: 'budget' }, el('span', {}, 'Aim to recall'),
          el('input', { type: 'number', min: 70, max: 99, step: 1, name: 'retention', value: Math.round(settings.desiredRetention * 100), 'data-testid': 'desired-retention', required: true }),
          el('span', { class: 'muted small' }, '% of answers when they come back')),
        el('p', { class: 'muted small' }, 'Higher brings questions back sooner and more often. 90% suits most people; changing it reschedules every question you have reviewed.'),
        fit.node),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Coding drills'),
        el('div', { class: 'drill-settings' },
          el('label', { class: 'budget' }, el('span', {}, 'Python'),
            el('input', { type: 'text', name: 'python', value: settings.python ?? '', placeholder: 'python3 on the PATH', spellcheck: 'false', autocomplete: 'off', 'data-testid': 'python-path', class: 'wide' })),
          el('label', { class: 'budget' }, el('span', {}, 'Stop a run after'),
            el('input', { type: 'number', min: 1, max: 120, step: 1, name: 'runTimeout', value: settings.runTimeout, 'data-testid': 'run-timeout', required: true }),
            el('span', { class: 'muted small' }, 'seconds')),
          pythonLine),
        el('p', { class: 'muted small' }, 'Your code runs on this Python with your own permissions, as it would in your terminal: in a temporary folder, with no input, for at most the time above, and on Linux with at most 1 GB of memory.')),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Sound'),
        el('label', { class: 'switch' }, el('input', { type: 'checkbox', name: 'soundCues', checked: settings.soundCues, 'data-testid': 'sound-cues' }),
          el('span', {}, 'Play a soft sound when a question’s time is up'))),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Your data'),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Data folder'), el('dd', {}, el('code', { 'data-testid': 'data-dir' }, info?.dataDir ?? '')),
          el('dt', {}, 'Packs folder'), el('dd', {}, el('code', {}, overview?.userPacksDir ?? ''), el('span', { class: 'muted small' }, ' — .toml packs put here load at the next start. To bring in other files, use Library → Import.')),
          el('dt', {}, 'Question bank'), el('dd', { 'data-testid': 'bank-summary' }, plural(overview?.total ?? 0, 'question') +
            (overview?.errors?.length ? `, ${plural(overview.errors.length, 'pack error')}: see Questions` : '')),
          el('dt', {}, 'Version'), el('dd', {}, info?.version ?? ''))),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Take your data with you'),
        el('div', { class: 'data-actions' },
          action('export-notes-document', 'Notes as one document…', 'Markdown, with headings by level and category.'),
          action('export-notes-files', 'Notes as one file per question…', 'Markdown files in a folder you choose, named by question.'),
          action('export-anki', 'Questions as Anki cards…', 'CSV that Anki imports: the question, its key points, and tags for level and category.'),
          action('export-reviews', 'Review log as CSV…', 'Every review: the question, when, the suggested and chosen rating, what was ticked, and the time against the budget.'))),
      el('fieldset', { class: 'card' },
        el('legend', {}, 'Backup'),
        el('p', { class: 'muted small' }, 'A backup is one file holding everything: notes with their history, rounds, reviews and their schedule, and your own packs. Onsite makes one by itself every 30 minutes while you use it, and keeps the newest three, then one a day for 12 days, one a week for 10 weeks and one a month for 9 months.'),
        el('div', { class: 'data-actions' },
          action('backup', 'Back up…', 'Save a copy of all your data where you choose.'),
          action('restore', 'Restore from a backup…', 'Replace what is here with a backup file. What is here now is saved aside first.')),
        backups.node));
  }

  function action(name, label, hint) {
    return el('div', { class: 'data-action' },
      el('button', { type: 'button', class: 'btn', 'data-action': name, 'data-testid': name }, label),
      el('span', { class: 'muted small' }, hint));
  }

  function read() {
    const f = new FormData(form);
    // A budget being corrected keeps its saved value, so it never blocks other changes.
    const budgets = Object.fromEntries(Object.keys(KINDS).map((k) => {
      const input = form.elements[`budget-${k}`];
      return [k, input.checkValidity() ? Number(f.get(`budget-${k}`)) : getState().settings.budgets[k]];
    }));
    const retention = form.elements.retention;
    const desiredRetention = retention.checkValidity() ? Number(f.get('retention')) / 100 : getState().settings.desiredRetention;
    const timeout = form.elements.runTimeout;
    const runTimeout = timeout.checkValidity() ? Number(f.get('runTimeout')) : getState().settings.runTimeout;
    const python = String(f.get('python') ?? '').trim() || null;
    return { theme: f.get('theme'), budgets, soundCues: f.get('soundCues') === 'on', desiredRetention, python, runTimeout };
  }

  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', async (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b || b.disabled) return;
    const run = DATA_ACTIONS[b.dataset.action];
    if (!run) return;
    const label = b.textContent;
    b.disabled = true;
    b.textContent = 'Working…';
    try {
      await run();
    } catch (err) {
      toast(`${label.replace('…', '')}: ${err.message}`, 'error');
    } finally {
      b.disabled = false;
      b.textContent = label;
    }
  });
  // Saves go one after another, so an older answer can never undo a newer change.
  let queue = Promise.resolve();
  form.addEventListener('change', (e) => {
    queue = queue.then(() => save(e));
  });

  async function save(e) {
    if (e.target.type === 'number' && !e.target.checkValidity()) {
      status.textContent = e.target.name === 'retention'
        ? 'Aim to recall: enter 70 to 99 %'
        : e.target.name === 'runTimeout'
          ? 'Stop a run after: enter 1 to 120 seconds'
          : `${e.target.closest('label').firstChild.textContent}: enter 1 to 240 minutes`;
      status.dataset.state = 'error';
      return;
    }
    status.textContent = 'Saving…';
    status.dataset.state = 'saving';
    try {
      await saveSettings(read());
      status.textContent = 'Saved';
      status.dataset.state = 'saved';
      if (e.target.name === 'python') refreshPython();
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
      status.dataset.state = 'error';
    }
  }

  const shown = () => {
    backups.refresh();
    refreshPython();
  };
  subscribe((s, action) => {
    if (action === 'loaded' || action === 'bankChanged') render();
    if ((action === 'loaded' || action === 'navigate') && s.view === 'settings') shown();
  });
  // Mounted when first shown (see main.js), usually after the data has loaded.
  if (getState().settings) render();
  if (getState().view === 'settings') shown();
}
