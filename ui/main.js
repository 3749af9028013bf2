// Start-up: load what the views need, mount them, and wire navigation, theme and closing.

import { call, on } from './lib/ipc.js';
import { dispatch, getState, subscribe } from './lib/state.js';
import { flushAll } from './lib/autosave.js';
import { el, grouped, toast } from './lib/dom.js';
import { bind } from './lib/keymap.js';
import { modal } from './components/modal.js';
import * as questions from './views/questions.js';

const VIEWS = ['questions', 'practice', 'history', 'progress', 'library', 'settings'];

// Questions mounts at start: its list is the first thing shown. The other views load when first
// shown, or Practice at start when a round was left unfinished, to offer it. Mounted at start they
// held about 4 MB more in the web process for as long as it ran (their code and DOM, and the Intl
// data that number fields load), for views many sessions never open.
const LATER = {
  practice: () => import('./views/practice.js'),
  history: () => import('./views/history.js'),
  progress: () => import('./views/progress.js'),
  library: () => import('./views/library.js'),
  settings: () => import('./views/settings.js'),
};
const mounted = new Set();

/** Loads and mounts `view` the first time it is shown; it draws itself for the state as it is. */
function mountLater(view) {
  if (!LATER[view] || mounted.has(view)) return;
  mounted.add(view);
  LATER[view]()
    .then((m) => m.mount(document.getElementById(`view-${view}`)))
    .catch((e) => {
      mounted.delete(view); // shown again, it is tried again
      toast(`Could not open this view: ${e.message}`, 'error');
    });
}
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function applyTheme() {
  const theme = getState().settings?.theme ?? 'system';
  const dark = theme === 'dark' || (theme === 'system' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

function showView() {
  const { view } = getState();
  for (const v of VIEWS) document.getElementById(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function renderNotices() {
  const box = document.getElementById('notices');
  const notices = getState().info?.notices ?? [];
  box.replaceChildren(...notices.map((n, i) => el('div', { class: 'banner warn', 'data-testid': 'notice' },
    el('span', {}, n), el('button', { type: 'button', class: 'btn ghost small', dataset: { dismiss: i } }, 'Dismiss'))));
}

/** While the packs folder loads: a bar under the header saying how far it has got. */
function showBankProgress(p) {
  if (document.body.dataset.bank === 'ready') return;
  document.body.dataset.bank = 'loading';
  const box = document.getElementById('bank-progress');
  box.hidden = false;
  const text = p.files
    ? `Loading your question packs: ${p.done} of ${p.files} files, ${grouped(p.questions)} questions so far…`
    : 'Checking your question packs…';
  box.querySelector('span').textContent = text;
  const bar = box.querySelector('progress');
  bar.max = Math.max(1, p.files);
  bar.value = p.done;
}

/** The packs folder has loaded: the bank, its counts and any errors are shown as they now are. */
async function bankLoaded() {
  const box = document.getElementById('bank-progress');
  try {
    const overview = await call('bank_overview');
    if (overview.loading) return; // an older load's end
    // An unchanged folder (the usual start) leaves the list as it is, rows and scroll alike.
    const shape = (o) => JSON.stringify([o?.total, o?.categories, o?.errors]);
    if (shape(overview) !== shape(getState().overview)) dispatch('bankChanged', overview);
  } catch (e) {
    toast(`Could not read the question bank: ${e.message}`, 'error');
  }
  box.hidden = true;
  document.body.dataset.bank = 'ready';
}

/** The database, checked after the window opened, is damaged: say so, and offer the way out. */
let damageShown = false;
async function damageFound({ what }) {
  if (damageShown) return;
  damageShown = true;
  const restart = await modal({
    title: 'Onsite found damage in its database',
    testid: 'damage-found',
    body: el('div', {},
      el('p', {}, `${what[0].toUpperCase()}${what.slice(1)}.`),
      el('p', {}, 'Restart Onsite to see your ways out: restoring a backup, or recovering what can be read into a new database. Nothing is deleted.'),
      el('p', { class: 'muted small' }, 'Until you restart, what you write is still saved, but parts of your data may fail to read.')),
    actions: [
      { label: 'Later', kind: 'ghost' },
      { label: 'Restart now', kind: 'primary', testid: 'damage-restart', busy: 'Saving…', run: async () => { await flushAll(); return true; } },
    ],
  });
  if (restart) await call('restart_app');
}

async function boot() {
  // The shell hears each action before the views do, so a view reacting to being shown already is.
  subscribe((s, action) => {
    if (action === 'navigate' || action === 'openQuestion') {
      showView();
      mountLater(s.view);
    }
    if (action === 'loaded' || action === 'settingsSaved') applyTheme();
    if (action === 'loaded' || action === 'dismissNotice') renderNotices();
  });
  questions.mount(document.getElementById('view-questions'));
  systemDark.addEventListener('change', applyTheme);

  document.querySelector('.nav').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-view]');
    if (!a) return;
    e.preventDefault();
    dispatch('navigate', a.dataset.view);
  });
  document.getElementById('notices').addEventListener('click', (e) => {
    const b = e.target.closest('[data-dismiss]');
    if (b) dispatch('dismissNotice', Number(b.dataset.dismiss));
  });
  VIEWS.forEach((v, i) => bind(null, { key: String(i + 1), mods: 'ctrl' }, () => dispatch('navigate', v)));

  // The window asks before it closes, so a note being typed is saved first.
  // If a save fails, the window stays open once, and says so; closing again within a minute
  // means the user has chosen to go.
  let warnedAt = 0;
  on('close-requested', async () => {
    if ((await flushAll()) || Date.now() - warnedAt < 60_000) {
      await call('close_window');
    } else {
      warnedAt = Date.now();
      await call('cancel_close');
      toast('Something you wrote could not be saved, so Onsite stayed open. Copy it somewhere safe, then close again.', 'error');
    }
  });

  // The packs folder loads in the background: listen before asking where it is, so its end is
  // never missed.
  await Promise.all([on('bank-progress', showBankProgress).ready, on('bank-loaded', bankLoaded).ready]);
  await on('database-damaged', damageFound).ready;
  const [info, overview, savedSettings] = await Promise.all([call('app_info'), call('bank_overview'), call('get_settings')]);
  document.querySelector('[data-testid=app-version]').textContent = `Version ${info.version}`;
  dispatch('loaded', { info, overview, settings: savedSettings });
  if (info.unfinishedRound) mountLater('practice');
  if (info.damage) damageFound({ what: info.damage });
  if (overview.loading) showBankProgress(overview.loading);
  else document.body.dataset.bank = 'ready';
  const start = location.hash.slice(1);
  dispatch('navigate', VIEWS.includes(start) ? start : 'questions');
  await questions.drawn;
  document.body.dataset.ready = 'true';
  // Work that would only slow the first paint waits for it. A failure leaves the user nothing to
  // do: the next start checks the database again.
  call('page_drawn').catch(() => {});
  const restored = sessionStorage.getItem('onsite-restored');
  if (restored) {
    sessionStorage.removeItem('onsite-restored');
    toast(restored);
  }
}

boot().catch((e) => {
  document.querySelector('.main').prepend(el('div', { class: 'banner error', 'data-testid': 'boot-error' },
    `Onsite could not start: ${e.message}`));
});
