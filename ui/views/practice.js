// The Practice view: choose a round (a template or a custom one), run it against the clock, and see
// its summary. The clock lives in Rust; this view only draws it.

import { call, on } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, LEVELS, KINDS, plural, questionLabel, toast } from '../lib/dom.js';
import { Autosaver } from '../lib/autosave.js';
import { bind } from '../lib/keymap.js';
import { exportRound } from '../lib/round-export.js';
import { clock, duration, usedNow, untilNextSecond, chime } from '../lib/time.js';
import '../components/round-summary.js';
import '../components/code-drill.js';
import { codingStatement } from '../components/answer-guide.js';

let root;
let templates = [];
let unfinished = null;
let screen = 'choose';
let timerEl;
let answerSaver;
let answerBox = null; // { id, index, answer, status } of the step on screen

const SHORTCUTS = { KeyN: 'next', KeyP: 'pause', KeyS: 'skip', KeyF: 'finish' };

export function mount(node) {
  root = node;
  root.addEventListener('click', onClick);
  root.addEventListener('submit', onSubmit);
  root.addEventListener('round-export', (e) => exportRound(e.detail));
  for (const [code, action] of Object.entries(SHORTCUTS)) bind('practice', { code, mods: 'alt' }, () => onShortcut(action));
  document.addEventListener('visibilitychange', tick);
  on('round-event', onRoundEvent);
  subscribe((s, action) => {
    if (action === 'loaded') load();
    if (action === 'roundLoaded' || action === 'roundClosed') render();
    if (action === 'navigate' || action === 'openQuestion') tick();
    if (action === 'navigate' || action === 'roundClosed') focusStart();
  });
  // Mounted when first shown, or at start for a round left unfinished (see main.js): usually after
  // the data has loaded.
  if (getState().info) load();
}

/** On the chooser, shown: the first Start has the focus, so Enter starts a round. */
function focusStart() {
  if (getState().view === 'practice' && screen === 'choose') root.querySelector('[data-start]')?.focus();
}

async function load() {
  try {
    const t = await call('round_templates');
    templates = t.templates;
    unfinished = t.unfinished;
    if (t.errors.length) toast(`A round template file has errors: ${t.errors[0].file}:${t.errors[0].line} ${t.errors[0].message}`, 'error');
    if (unfinished) {
      // A round was left running when the app stopped: offer it, paused where it was.
      dispatch('roundLoaded', await call('get_round', { id: unfinished }));
      dispatch('navigate', 'practice');
    } else {
      render();
      focusStart(); // mounted by being shown, this view missed the `navigate` that focuses it
    }
  } catch (e) {
    toast(`Could not load round templates: ${e.message}`, 'error');
  }
}

let shown = ''; // which round step the run screen shows, so a new view of the same step keeps the screen

function render() {
  const r = getState().round;
  screen = !r ? 'choose' : r.status === 'finished' || r.status === 'abandoned' ? 'summary' : 'run';
  root.dataset.screen = screen;
  const step = r ? `${r.id}/${r.current}/${r.status}` : '';
  if (screen !== 'run' || step !== shown) {
    shown = screen === 'run' ? step : '';
    if (screen === 'choose') renderChooser();
    else if (screen === 'summary') renderSummary(r);
    else renderRun(r);
  }
  tick(); // a new view of the same step only moves the clock
}

let viewSeq = 0;
/** Shows the round view `request` resolves to, unless a newer request has been made since. */
async function showView(request) {
  const seq = ++viewSeq;
  const view = await request;
  if (seq === viewSeq) dispatch('roundLoaded', view);
}

// ---- choosing ----

function minutesOf(t) {
  const b = getState().settings?.budgets ?? {};
  let total = 0;
  for (const p of t.parts) {
    const per = p.minutes ?? Math.max(...(p.kinds.length ? p.kinds : ['concept']).map((k) => b[k] ?? 5));
    total += per * p.count;
  }
  return total + t.breakMinutes * (t.parts.length - 1);
}

function renderChooser() {
  const { overview } = getState();
  const categories = [...new Set((overview?.categories ?? []).map((c) => c.name))];
  root.replaceChildren(
    el('header', { class: 'view-head' }, el('h1', {}, 'Practice'), el('span', { class: 'muted' }, 'Timed rounds, like the real loop'),
      el('span', { class: 'muted small shortcuts' }, 'Start: ', el('kbd', {}, 'Enter'), ' · in a round: ', el('kbd', {}, 'Alt N'), ' next ',
        el('kbd', {}, 'Alt P'), ' pause ', el('kbd', {}, 'Alt S'), ' skip ', el('kbd', {}, 'Alt F'), ' end')),
    scheduleCard(),
    el('div', { class: 'template-grid' }, templates.map((t) => el('article', { class: 'card template', 'data-testid': 'template' },
      el('h2', {}, t.title),
      el('p', { class: 'muted' }, t.description),
      el('p', { class: 'small muted' }, `${plural(t.parts.reduce((n, p) => n + p.count, 0), 'question')} · about ${duration(minutesOf(t))}${t.breakMinutes ? ` · ${t.breakMinutes}-min breaks` : ''}`),
      el('button', { type: 'button', class: 'btn primary', dataset: { start: t.id }, 'data-testid': `start-${t.id}` }, 'Start')))),
    el('div', { class: 'cards' },
      el('form', { class: 'card custom', 'data-testid': 'custom-form' },
        el('h2', {}, 'Custom round'),
        el('div', { class: 'form-grid' },
          field('Level', el('select', { name: 'level', 'data-testid': 'custom-level' }, el('option', { value: '' }, 'Any level'),
            Object.entries(LEVELS).map(([v, l]) => el('option', { value: v }, l)))),
          field('Questions', el('input', { type: 'number', name: 'count', min: 1, max: 50, value: 3, required: true, 'data-testid': 'custom-count' })),
          field('Per question', el('span', { class: 'row' },
            el('input', { type: 'number', name: 'budget', min: 1, placeholder: 'default', 'data-testid': 'custom-budget' }),
            el('select', { name: 'unit', 'data-testid': 'custom-unit', 'aria-label': 'Unit' },
              el('option', { value: 'minutes' }, 'minutes'), el('option', { value: 'seconds' }, 'seconds')))),
          field('Total', el('span', { class: 'row' }, el('input', { type: 'number', name: 'total', min: 1, max: 600, placeholder: 'none', 'data-testid': 'custom-total' }), el('span', { class: 'muted small' }, 'minutes'))),
          field('Order', el('select', { name: 'order', 'data-testid': 'custom-order' }, el('option', { value: 'random' }, 'Random'), el('option', { value: 'fixed' }, 'Bank order'))),
          field('Seed', el('input', { type: 'number', name: 'seed', min: 0, placeholder: 'any', 'data-testid': 'custom-seed' })),
          field('Time limit', el('label', { class: 'switch' }, el('input', { type: 'checkbox', name: 'hardLimit', 'data-testid': 'custom-hard-limit' }), el('span', {}, 'Move on when time is up')))),
        el('fieldset', { class: 'categories' }, el('legend', { class: 'small muted' }, 'Categories (none ticked: all)'),
          categories.map((c) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'category', value: c }), el('span', {}, c)))),
        el('p', { class: 'muted small' }, 'Without a budget, each question gets the default for its kind from Settings.'),
        el('button', { type: 'submit', class: 'btn primary', 'data-testid': 'start-custom' }, 'Start custom round')),
      el('section', { class: 'card muted-card' },
        el('h2', {}, 'Practice only'),
        el('label', { class: 'switch' }, el('input', { type: 'checkbox', name: 'cram', 'data-testid': 'practice-only' }),
          el('span', {}, 'Leave the schedule alone')),
        el('p', { class: 'muted small' }, 'Rounds started while this is on are still reviewed and logged, but bring nothing back sooner or later. For cramming the night before.')),
      el('section', { class: 'card muted-card' },
        el('h2', {}, 'Just one question'),
        el('p', { class: 'muted' }, 'Draw one at random and answer it in its note.'),
        el('button', { type: 'button', class: 'btn', 'data-action': 'draw', 'data-testid': 'practice-draw' }, 'Draw a question'))));
}

/** Rounds from the schedule: what is due today, and the weakest answers per category. */
function scheduleCard() {
  const card = el('section', { class: 'card schedule-card', 'data-testid': 'schedule-card' },
    el('div', {},
      el('h2', {}, 'From your reviews'),
      el('p', { class: 'muted', 'data-testid': 'schedule-counts', 'aria-live': 'polite' }, 'Counting…')),
    el('div', { class: 'row' },
      field('Level', el('select', { name: 'scheduleLevel', 'data-testid': 'schedule-level' }, el('option', { value: '' }, 'Any level'),
        Object.entries(LEVELS).map(([v, l]) => el('option', { value: v }, l)))),
      field('Questions', el('input', { type: 'number', name: 'scheduleCount', min: 1, max: 50, value: 5, required: true, 'data-testid': 'schedule-count' })),
      el('button', { type: 'button', class: 'btn primary', dataset: { schedule: 'due' }, 'data-testid': 'start-due' }, 'Due today'),
      el('button', { type: 'button', class: 'btn', dataset: { schedule: 'weak' }, 'data-testid': 'start-weak' }, 'Weak spots')));
  card.addEventListener('change', (e) => { if (e.target.name === 'scheduleLevel') showCounts(card); });
  showCounts(card);
  return card;
}

/** Fills in how many questions are due today and reviewed, at the level chosen. */
async function showCounts(card) {
  const out = card.querySelector('[data-testid=schedule-counts]');
  let counts;
  try {
    counts = await call('schedule_counts', { utcOffsetMinutes: -new Date().getTimezoneOffset() });
  } catch (e) {
    out.textContent = `Could not count your reviews: ${e.message}`;
    return;
  }
  const level = card.querySelector('[name=scheduleLevel]').value;
  const mine = counts.filter((c) => !level || c.level === level);
  const due = mine.reduce((n, c) => n + c.due, 0);
  const reviewed = mine.reduce((n, c) => n + c.reviewed, 0);
  out.textContent = reviewed
    ? `${plural(due, 'question')} due today, of ${reviewed} reviewed. Due today brings back the most overdue first; Weak spots, the answers you are least likely to recall, across categories.`
    : 'Nothing reviewed yet. After a round, review each answer against its key points, and the questions you are weak or slow on come back here.';
  const dueButton = card.querySelector('[data-testid=start-due]');
  dueButton.textContent = `Due today (${due})`;
  dueButton.disabled = !due;
  card.querySelector('[data-testid=start-weak]').disabled = !reviewed;
}

function field(label, control) {
  return el('label', { class: 'field' }, el('span', { class: 'small muted' }, label), control);
}

async function onSubmit(e) {
  e.preventDefault();
  const f = new FormData(e.target);
  const num = (k) => (f.get(k) === '' || f.get(k) === null ? null : Number(f.get(k)));
  const budget = num('budget');
  const custom = {
    level: f.get('level') || null,
    categories: f.getAll('category'),
    count: num('count'),
    minutes: f.get('unit') === 'minutes' ? budget : null,
    seconds: f.get('unit') === 'seconds' ? budget : null,
    totalMinutes: num('total'),
    hardLimit: f.get('hardLimit') === 'on',
    order: f.get('order'),
    seed: num('seed'),
  };
  await startRound({ custom });
}

async function startRound(choice) {
  const cram = Boolean(root.querySelector('[data-testid=practice-only]:checked'));
  try {
    await showView(call('start_round', { choice: { ...choice, cram } }));
  } catch (e) {
    toast(`Could not start the round: ${e.message}`, 'error');
  }
}

// ---- running ----

function renderRun(r) {
  const item = r.items[r.current];
  const n = r.items.slice(0, r.current + 1).filter((i) => i.type === 'question').length;
  const paused = r.status === 'paused';
  const isBreak = item.type === 'break';
  timerEl = {
    question: el('span', { class: 'timer-big', 'data-testid': 'question-timer' }),
    questionLabel: el('span', { class: 'small muted', 'data-testid': 'question-timer-label' }),
    total: el('span', { 'data-testid': 'round-timer' }),
    bar: el('div', { class: 'bar-fill' }),
    phase: el('div', { class: 'phase', 'data-testid': 'phase' }),
  };
  // The same step (paused or resumed) keeps its answer box, saver and all: keystrokes typed while
  // the round answered must not be replaced by the older text it sent back.
  const sameStep = answerBox && answerBox.id === r.id && answerBox.index === r.current;
  if (!sameStep && item.drill) {
    // A runnable coding question: the answer is code, run against the question's cases.
    const answer = el('code-drill', { 'data-testid': 'code-drill' });
    const index = r.current;
    answer.load(item.questionId, { id: r.id, index, answer: item.answer })
      .catch((e) => toast(`Could not open the drill: ${e.message}`, 'error'));
    answerSaver = { flush: () => answer.flush() };
    answerBox = { id: r.id, index, answer, status: null };
  } else if (!sameStep) {
    const answer = el('textarea', {
      class: 'note-input answer', 'data-testid': 'answer-input', 'aria-label': 'Your answer',
      placeholder: 'Think aloud here: your answer, as you would say it. It saves as you type.',
    });
    const status = el('span', { class: 'save-status', 'data-testid': 'answer-status' });
    answer.value = item.answer ?? '';
    const index = r.current;
    answerSaver = new Autosaver(
      (body) => call('save_answer', { id: r.id, index, body }),
      (st, err) => {
        status.dataset.state = st;
        status.textContent = { dirty: 'Unsaved…', saving: 'Saving…', saved: 'Saved', error: `Not saved: ${err?.message}` }[st];
      });
    answer.addEventListener('input', () => answerSaver.schedule(answer.value));
    answerBox = { id: r.id, index, answer, status };
  }
  const { answer, status } = answerBox;

  const button = (action, label, key, cls = 'btn') => el('button', { type: 'button', class: cls, dataset: { act: action }, 'data-testid': `round-${action}` },
    label, ' ', el('kbd', {}, `Alt ${key}`));
  root.replaceChildren(...[
    paused ? el('div', { class: 'banner warn', 'data-testid': 'paused-banner' },
      el('span', {}, 'Paused: the clock is stopped.'),
      el('button', { type: 'button', class: 'btn ghost small', dataset: { act: 'abandon' }, 'data-testid': 'round-abandon' }, 'Abandon round')) : null,
    el('header', { class: 'round-head' },
      el('div', {}, el('h1', {}, r.title), el('p', { class: 'muted small', 'data-testid': 'round-progress' },
        isBreak ? 'Break' : `Question ${n} of ${r.questions}`)),
      el('div', { class: 'round-total' }, el('span', { class: 'small muted' }, 'Round'),
        el('div', { class: 'ticking' }, el('div', { class: 'face' }, timerEl.total)))),
    el('section', { class: `card round-card${isBreak ? ' break' : ''}`, 'data-testid': 'round-card', 'data-status': r.status },
      isBreak
        ? [el('h2', { class: 'prompt' }, 'Break'), el('p', { class: 'muted' }, 'Stand up, drink some water. The next part starts when the break ends.')]
        : [el('div', { class: 'crumbs muted small' }, questionLabel(item, KINDS[item.kind] ?? item.kind)),
          el('h2', { class: 'prompt round-prompt', 'data-testid': 'round-prompt' }, item.prompt),
          codingStatement(item.guide?.coding)],
      el('div', { class: 'timer-row ticking' }, el('div', { class: 'face' },
        el('div', { class: 'timer' }, timerEl.question, timerEl.questionLabel),
        timerEl.phase)),
      el('div', { class: 'bar' }, timerEl.bar),
      isBreak ? null : el('div', { class: 'answer-wrap' }, answer, el('div', { class: 'row' }, status,
        item.guide?.followUps?.length ? el('button', { type: 'button', class: 'btn ghost small push-right', 'data-action': 'follow-ups', 'data-testid': 'reveal-follow-ups' },
          'The interviewer asks next…') : null)),
      el('ol', { class: 'follow-ups', 'data-testid': 'follow-ups', hidden: true }, (item.guide?.followUps ?? []).map((f) => el('li', {}, f)))),
    el('div', { class: 'round-actions' },
      paused ? button('resume', 'Resume', 'P', 'btn') : button('pause', 'Pause', 'P'),
      isBreak ? null : button('skip', 'Skip', 'S'),
      button('next', isBreak ? 'Continue now' : r.current === r.items.length - 1 ? 'Finish' : 'Next question', 'N', 'btn primary'),
      isBreak || r.current === r.items.length - 1 ? null : button('finish', 'End round', 'F', 'btn ghost')),
  ].filter(Boolean));
  if (!isBreak && !paused) (answer.focusEditor ? answer.focusEditor() : answer.focus());
}

// The clock is drawn from data (the time used that Rust sent, plus the time since it came), so
// nothing has to tick for it to be right: it is drawn when a view arrives or the screen shows again,
// and, while the round runs on a visible screen, once more by a single timeout set for the moment its
// text next changes. Paused, finished, hidden or no round: no timeout is left waiting. A frame loop
// would redraw sixty times for each change of text, and keep the web process busy even when idle.
let clockTimer = 0;

/** Draws the clock now and, while it runs where it can be seen, arms the next redraw. */
function tick() {
  clearTimeout(clockTimer);
  clockTimer = 0;
  const { round: r, roundAt, view } = getState();
  if (screen !== 'run' || !r || !timerEl) return;
  const wait = drawClock(r, roundAt);
  if (r.status === 'running' && view === 'practice' && document.visibilityState === 'visible') {
    // A few ms past the change, so a coarse timer never wakes just before it and draws the same text.
    clockTimer = setTimeout(tick, wait + 5);
  }
}

/** Draws the clock of round `r` as of now; returns the ms until anything it shows changes. */
function drawClock(r, roundAt) {
  const item = r.items[r.current];
  const used = usedNow(r, roundAt);
  const left = item.budgetMs - used;
  const state = left >= 0 ? (left < 30000 ? 'soon' : 'ok') : 'over';
  put(timerEl.question, left >= 0 ? clock(left) : `+${clock(-left)}`, state);
  put(timerEl.questionLabel, left >= 0 ? `left of ${clock(item.budgetMs)}` : `over the ${clock(item.budgetMs)} budget`);
  // Half-percent steps: the bar moves when a step shows, not on every redraw.
  const width = `${Math.min(200, Math.floor((used / item.budgetMs) * 200)) / 2}%`;
  if (timerEl.bar.style.width !== width) timerEl.bar.style.width = width;
  if (timerEl.bar.dataset.state !== state) timerEl.bar.dataset.state = state;
  // The steps before this one count to the nearest second, so the round's total turns over with the
  // question's clock and the screen is drawn once a second, not twice.
  const total = Math.round((r.totalUsedMs - r.usedMs) / 1000) * 1000 + used;
  const over = Boolean(r.totalBudgetMs && total > r.totalBudgetMs);
  put(timerEl.total, r.totalBudgetMs ? `${clock(total)} / ${clock(r.totalBudgetMs)}` : clock(total), over ? 'over' : 'ok');
  // The "soon" and "over" states turn on whole seconds of `left`, so its next second covers them.
  const waits = [untilNextSecond(left)];
  if (r.totalBudgetMs && total <= r.totalBudgetMs) waits.push(r.totalBudgetMs - total);
  if (item.phases?.length) {
    let end = 0;
    let i = 0;
    for (; i < item.phases.length; i++) {
      end += item.phases[i].budgetMs;
      if (used < end || i === item.phases.length - 1) break;
    }
    const phaseLeft = end - used;
    put(timerEl.phase, `Phase ${i + 1} of ${item.phases.length}: ${item.phases[i].name} · ${phaseLeft >= 0 ? `${clock(phaseLeft)} left` : `+${clock(-phaseLeft)}`}`);
    waits.push(untilNextSecond(phaseLeft)); // the next phase begins as this one's countdown reaches 0
  }
  return Math.min(...waits);
}

/** Sets `node`'s text (and its data-state) only where they differ: every write repaints. */
function put(node, text, state) {
  if (node.textContent !== text) node.textContent = text;
  if (state !== undefined && node.dataset.state !== state) node.dataset.state = state;
}

let acting = false;

async function act(action) {
  const r = getState().round;
  if (!r || acting) return; // one action at a time: a double click must not skip a question
  acting = true;
  try {
    // The answer is saved before the round moves on; if it cannot be, the round stays put.
    if (answerSaver) await answerSaver.flush();
    await showView(call('round_action', { id: r.id, action }));
  } catch (e) {
    toast(e.message, 'error');
  } finally {
    acting = false;
  }
}

async function onRoundEvent({ id, signals }) {
  const r = getState().round;
  if (!r || r.id !== id) return;
  if (signals.some((s) => s.signal === 'softBudgetReached') && getState().settings?.soundCues) chime();
  if (answerSaver) await answerSaver.flush().catch(() => {}); // a late save is still accepted
  await showView(call('get_round', { id })).catch((e) => toast(e.message, 'error'));
}

// ---- afterwards ----

function renderSummary(r) {
  const summary = el('round-summary', { 'data-testid': 'round-summary' });
  summary.view = r;
  root.replaceChildren(
    el('header', { class: 'view-head' }, el('h1', {}, 'Round summary'),
      el('button', { type: 'button', class: 'btn', 'data-action': 'new', 'data-testid': 'new-round' }, 'New round')),
    summary);
  // Enter starts the review at once.
  if (getState().view === 'practice') summary.querySelector('[data-testid=review-start]')?.focus();
}

// ---- input ----

async function onClick(e) {
  const start = e.target.closest('[data-start]');
  if (start) return startRound({ templateId: start.dataset.start });
  const fromSchedule = e.target.closest('[data-schedule]');
  if (fromSchedule) {
    const card = fromSchedule.closest('.schedule-card');
    const count = card.querySelector('[name=scheduleCount]');
    if (!count.checkValidity()) return toast('Choose 1 to 50 questions', 'error');
    return startRound({ fromSchedule: {
      pick: fromSchedule.dataset.schedule, level: card.querySelector('[name=scheduleLevel]').value || null,
      count: Number(count.value), utcOffsetMinutes: -new Date().getTimezoneOffset(),
    } });
  }
  const a = e.target.closest('[data-act]');
  if (a) return act(a.dataset.act);
  if (e.target.closest('[data-action=new]')) return dispatch('roundClosed');
  if (e.target.closest('[data-action=follow-ups]')) {
    // Follow-ups come after the main answer, as an interviewer would ask them.
    root.querySelector('[data-testid=follow-ups]').hidden = false;
    e.target.closest('button').hidden = true;
    return;
  }
  if (e.target.closest('[data-action=draw]')) {
    const all = { filter: {}, text: null };
    const n = await call('count_questions', all);
    const [q] = n ? await call('list_questions', { ...all, window: { offset: Math.floor(Math.random() * n), limit: 1 } }) : [];
    if (q) dispatch('openQuestion', q.id);
  }
}

/** Alt+N, P, S or F: the round's buttons, from the keyboard, even while typing the answer. */
function onShortcut(shortcut) {
  if (screen !== 'run') return false;
  const r = getState().round;
  const isBreak = r.items[r.current].type === 'break';
  if (isBreak && (shortcut === 'skip' || shortcut === 'finish')) return false;
  act(shortcut === 'pause' && r.status === 'paused' ? 'resume' : shortcut);
  return true;
}
