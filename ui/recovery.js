// The recovery window: shown instead of the app when the data cannot be opened. It says what is
// wrong and where, and offers the ways out. Whatever the user picks, Rust moves the damaged files
// aside first; once the data opens, the app itself is loaded.

import { call, on } from './lib/ipc.js';
import { el, plural, toast } from './lib/dom.js';

const body = document.getElementById('recovery-body');

function when(ms) {
  const mins = Math.round((Date.now() - ms) / 60_000);
  const ago = mins < 1 ? 'just now'
    : mins < 60 ? `${plural(mins, 'minute')} ago`
      : mins < 48 * 60 ? `${plural(Math.round(mins / 60), 'hour')} ago`
        : `${plural(Math.round(mins / 1440), 'day')} ago`;
  return `${ago} (${new Date(ms).toLocaleString()})`;
}

function choice(name, label, hint, kind = '') {
  return el('div', { class: 'data-action' },
    el('button', { type: 'button', class: `btn ${kind}`.trim(), 'data-choice': name, 'data-testid': `recover-${name}` }, label),
    el('span', { class: 'muted small' }, hint));
}

function render(info) {
  const { problem, latestBackup: b } = info;
  const damaged = problem.kind === 'database';
  const choices = [];
  if (damaged || problem.kind === 'newer') {
    if (b) {
      choices.push(choice('restoreLatest', 'Restore the latest backup',
        `From ${when(b.madeAt)}: ${plural(b.notes, 'note')}, ${plural(b.rounds, 'round')}, ${plural(b.reviews, 'review')}.`, 'primary'));
    }
  }
  if (damaged) {
    choices.push(choice('salvage', 'Try to recover', 'Read everything that can still be read into a new database.', b ? '' : 'primary'));
  }
  choices.push(choice('openFolder', 'Open the data folder', info.dataDir));
  if (!damaged && problem.kind !== 'newer') choices.push(choice('tryAgain', 'Try again', 'Once the folder can be written.', 'primary'));
  if (damaged) {
    choices.push(choice('startFresh', 'Start fresh…', 'Begin with no notes, rounds or reviews.', 'danger'));
  }
  const note = damaged
    ? 'Whatever you choose, the damaged files are moved into a folder beside them first, never changed or deleted.'
    : problem.kind === 'newer'
      ? 'Your database is kept as it is: restoring a backup moves it into a folder beside it first, untouched, for the newer Onsite.'
      : 'Nothing has been changed.';
  body.replaceChildren(
    el('section', { class: 'card' },
      el('h2', {}, 'What happened'),
      el('p', { 'data-testid': 'recovery-what' }, problem.what),
      el('p', { class: 'muted small' }, 'File: ', el('code', { 'data-testid': 'recovery-path' }, problem.path))),
    el('section', { class: 'card' },
      el('h2', {}, 'What you can do'),
      el('p', { class: 'muted small' }, note),
      el('div', { class: 'data-actions' }, ...choices)));
  body.querySelector('button[data-choice]')?.focus();
}

async function load() {
  try {
    render(await call('recovery_info'));
  } catch (e) {
    const again = el('button', { type: 'button', class: 'btn', 'data-testid': 'recovery-reload' }, 'Look again');
    again.addEventListener('click', load);
    body.replaceChildren(el('div', { class: 'banner error', 'data-testid': 'recovery-error' }, e.message, ' ', again));
    again.focus();
  }
}

async function choose(name, button) {
  if (name === 'openFolder') {
    await call('open_data_folder');
    return;
  }
  if (name === 'startFresh' && !(await confirmFresh())) return;
  const label = button.textContent;
  for (const b of body.querySelectorAll('button')) b.disabled = true;
  button.textContent = 'Working…';
  try {
    const out = await call('recover', { choice: name });
    if (out.message) sessionStorage.setItem('onsite-restored', out.message);
    location.replace('index.html');
  } catch (e) {
    await load();
    toast(e.message, 'error');
  } finally {
    button.textContent = label;
  }
}

/** Start fresh asks once more, in the page: it is the one choice that leaves the data behind. The
 * other buttons wait while it asks. */
function confirmFresh() {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const others = [...body.querySelectorAll('button[data-choice]')];
    others.forEach((b) => { b.disabled = true; });
    const yes = el('button', { type: 'button', class: 'btn danger', 'data-testid': 'confirm-fresh' }, 'Start fresh');
    const no = el('button', { type: 'button', class: 'btn' }, 'Cancel');
    const box = el('div', { class: 'banner warn', role: 'alertdialog', 'aria-label': 'Start fresh?' },
      el('span', {}, 'Start with no data? Your damaged files stay in the folder beside them.'), yes, no);
    body.prepend(box);
    no.focus();
    const done = (ok) => {
      box.remove();
      others.forEach((b) => { b.disabled = false; });
      if (!ok && opener instanceof HTMLElement) opener.focus();
      resolve(ok);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    box.addEventListener('keydown', (e) => { if (e.key === 'Escape') done(false); });
  });
}

body.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-choice]');
  if (b && !b.disabled) choose(b.dataset.choice, b).catch((err) => toast(err.message, 'error'));
});
// Nothing here is unsaved, so the window closes when asked.
on('close-requested', () => call('close_window'));
document.body.dataset.ready = 'true';
load();
