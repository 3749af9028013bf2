// The Progress view: how reviews have gone, per level and category. Rust aggregates the review log
// into a small payload; this view only draws it: stat tiles, a calendar of practice days, the weekly
// coverage trend, and a table per category. Each chart has a text equivalent.

import { call } from '../lib/ipc.js';
import { dispatch, getState, subscribe } from '../lib/state.js';
import { el, levelName, plural, LEVELS, toast } from '../lib/dom.js';
import { interviewPlan } from '../components/interview-plan.js';

const SVG = 'http://www.w3.org/2000/svg';
let root;
let body;
let levelSelect;
let data = null;
let plan;

/** An SVG element; like `el`, but attributes only and children as nodes or text. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

export function mount(node) {
  root = node;
  levelSelect = el('select', { 'data-testid': 'progress-level', 'aria-label': 'Level' }, el('option', { value: '' }, 'All levels'),
    Object.entries(LEVELS).map(([v, l]) => el('option', { value: v }, l)));
  body = el('div', { class: 'progress', 'data-testid': 'progress' });
  plan = interviewPlan();
  root.append(el('header', { class: 'view-head' }, el('h1', {}, 'Progress'),
    el('span', { class: 'muted' }, 'What your reviews say'), el('span', { class: 'push-right' }, levelSelect)), plan.node, body);
  levelSelect.addEventListener('change', () => {
    plan.show(levelSelect.value || null);
    render();
  });
  body.addEventListener('click', (e) => {
    if (e.target.closest('[data-action=practice]')) document.querySelector('[data-testid=nav-practice]').click();
    if (e.target.closest('[data-action=never-tried]')) {
      // The Questions view, filtered to the questions never tried at the level shown here.
      dispatch('clearFilters');
      dispatch('setFilter', { name: 'level', value: levelSelect.value });
      dispatch('setFilter', { name: 'tried', value: 'never' });
      document.querySelector('[data-testid=nav-questions]').click();
    }
  });
  subscribe((s, action) => {
    if (action === 'navigate' && s.view === 'progress') load();
  });
  // Mounted when first shown (see main.js).
  if (getState().view === 'progress') load();
}

let loadSeq = 0;
async function load() {
  plan.show(levelSelect.value || null);
  plan.load();
  const seq = ++loadSeq;
  let answer;
  try {
    answer = await call('progress', { utcOffsetMinutes: -new Date().getTimezoneOffset() });
  } catch (e) {
    toast(`Could not read your progress: ${e.message}`, 'error');
    return;
  }
  if (seq !== loadSeq) return;
  data = answer;
  if (getState().view === 'progress') render();
}

const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

function render() {
  if (!data) return;
  const level = levelSelect.value || null;
  const total = data.groups.find((g) => g.level === level && g.category === null);
  const categories = data.groups.filter((g) => g.category !== null && (!level || g.level === level));
  if (!total || !total.reviews) {
    const any = data.groups.some((g) => g.level === null && g.category === null && g.reviews);
    body.replaceChildren(el('section', { class: 'card empty-progress', 'data-testid': 'progress-empty' },
      el('h2', {}, any ? `Nothing reviewed at the ${levelName(level)} level yet` : 'Nothing reviewed yet'),
      el('p', { class: 'muted' }, 'Finish a round, then tick the key points each answer covered. Your coverage, your time against the budget and what is due will show here.'),
      el('button', { type: 'button', class: 'btn primary', 'data-action': 'practice' }, 'Go to Practice')));
    return;
  }
  body.replaceChildren(
    el('div', { class: 'stats progress-stats' },
      tile('Reviewed', `${total.reviewed} of ${total.questions}`, 'progress-reviewed', 'questions reviewed at least once'),
      tile('Due today', String(total.due), 'progress-due', 'questions whose review is due by the end of today'),
      tile('Weak', String(total.weak), 'progress-weak', 'questions last rated Again or Hard'),
      tile('Recall now', pct(total.retention), 'progress-retention', 'the estimated chance of recalling a reviewed answer today, on average'),
      tile('Streak', plural(data.streak, 'day'), 'progress-streak', 'days in a row with a review'),
      tile('Never tried', String(total.neverAttempted), 'progress-never', 'questions never answered in a round or reviewed',
        total.neverAttempted ? el('button', { type: 'button', class: 'link', 'data-action': 'never-tried', 'data-testid': 'show-never-tried' }, 'Show them') : null)),
    el('div', { class: 'progress-charts' }, calendar(), trend(level)),
    table(categories, level));
}

function tile(label, value, testid, hint, action = null) {
  return el('div', { class: 'stat', title: hint }, el('span', { class: 'muted small' }, label), el('strong', { 'data-testid': testid }, value), action);
}

/** Practice days over the last 26 weeks, a column per week (Monday on top), shaded by reviews. */
function calendar() {
  const WEEKS = 26;
  const CELL = 12;
  const GAP = 3;
  const byDay = new Map(data.days.map((d) => [d.day, d.reviews]));
  const max = Math.max(1, ...data.days.map((d) => d.reviews));
  const firstMonday = data.today - ((data.today + 3) % 7) - (WEEKS - 1) * 7;
  const cells = [];
  for (let w = 0; w < WEEKS; w++) {
    for (let d = 0; d < 7; d++) {
      const day = firstMonday + w * 7 + d;
      if (day > data.today) continue;
      const n = byDay.get(day) ?? 0;
      const shade = n ? Math.min(4, 1 + Math.floor((3 * n) / max)) : 0;
      cells.push(svg('rect', { x: w * (CELL + GAP), y: d * (CELL + GAP), width: CELL, height: CELL, rx: 2, class: `heat heat-${shade}` },
        svg('title', {}, `${dayLabel(day)}: ${plural(n, 'review')}`)));
    }
  }
  const active = data.days.length;
  const summary = `Practised on ${plural(active, 'day')} of the last ${WEEKS * 7}; current streak ${plural(data.streak, 'day')}.`;
  return el('section', { class: 'card', 'data-testid': 'progress-calendar' },
    el('h2', {}, 'Practice days'),
    el('div', { class: 'heatmap' }, svg('svg', {
      viewBox: `0 0 ${WEEKS * (CELL + GAP)} ${7 * (CELL + GAP)}`, width: WEEKS * (CELL + GAP), height: 7 * (CELL + GAP),
      role: 'img', 'aria-label': summary,
    }, cells)),
    el('p', { class: 'muted small', 'data-testid': 'progress-calendar-text' }, summary));
}

/** The share of key points covered per week, over the last 12 weeks, with a table of the same. */
function trend(level) {
  const weeks = data.weeks.filter((w) => w.level === level);
  const W = 360;
  const H = 140;
  const PAD = 38;
  const lastMonday = data.today - ((data.today + 3) % 7);
  const first = lastMonday - 11 * 7;
  const x = (day) => PAD + ((day - first) / (11 * 7)) * (W - PAD - 8);
  const y = (v) => 8 + (1 - v) * (H - 8 - 20);
  const points = weeks.filter((w) => w.coverage !== null).map((w) => [x(w.startDay), y(w.coverage), w]);
  const grid = [0, 0.5, 1].map((v) => svg('g', {}, svg('line', { x1: PAD, x2: W - 8, y1: y(v), y2: y(v), class: 'grid' }),
    svg('text', { x: PAD - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, `${v * 100}%`)));
  const summary = points.length
    ? `Key points covered, by week: ${points.map(([, , w]) => `${weekLabel(w.startDay)} ${pct(w.coverage)}`).join(', ')}.`
    : 'No review with key points in the last 12 weeks.';
  return el('section', { class: 'card', 'data-testid': 'progress-trend' },
    el('h2', {}, 'Key points covered, by week'),
    svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'trend', role: 'img', 'aria-label': summary },
      grid,
      svg('text', { x: PAD, y: H - 4, class: 'axis' }, weekLabel(first)),
      svg('text', { x: W - 8, y: H - 4, 'text-anchor': 'end', class: 'axis' }, 'this week'),
      points.length > 1 ? svg('polyline', { points: points.map(([px, py]) => `${px},${py}`).join(' '), class: 'line' }) : null,
      points.map(([px, py, w]) => svg('circle', { cx: px, cy: py, r: 4, class: 'dot' },
        svg('title', {}, `Week of ${weekLabel(w.startDay)}: ${pct(w.coverage)} of key points, ${plural(w.reviews, 'review')}`)))),
    el('details', { class: 'as-table' }, el('summary', { class: 'small' }, 'As a table'),
      el('table', { class: 'data-table', 'data-testid': 'progress-trend-table' },
        el('thead', {}, el('tr', {}, ['Week of', 'Reviews', 'Key points covered', 'Time against budget'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, weeks.map((w) => el('tr', {}, el('td', {}, weekLabel(w.startDay)), el('td', {}, String(w.reviews)),
          el('td', {}, pct(w.coverage)), el('td', {}, pct(w.pace))))))));
}

/** Per category: the same counts and averages, with a bar for coverage. */
function table(groups, level) {
  const rows = [...groups].sort((a, b) => (a.level ?? '').localeCompare(b.level ?? '') || b.reviews - a.reviews || a.category.localeCompare(b.category));
  return el('section', { class: 'card' },
    el('h2', {}, 'By category'),
    el('p', { class: 'muted small' }, 'Time against budget: 100% is on time; over 125% brings a question back sooner.'),
    el('table', { class: 'data-table progress-table', 'data-testid': 'progress-table' },
      el('thead', {}, el('tr', {}, [level ? null : 'Level', 'Category', 'Questions', 'Reviewed', 'Due', 'Weak', 'Never tried', 'Key points covered', 'Time against budget', 'Recall now']
        .filter(Boolean).map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((g) => el('tr', { 'data-testid': 'progress-row' },
        level ? null : el('td', {}, levelName(g.level)),
        el('th', { scope: 'row' }, g.category),
        el('td', {}, String(g.questions)), el('td', {}, String(g.reviewed)), el('td', {}, String(g.due)),
        el('td', {}, String(g.weak)), el('td', {}, String(g.neverAttempted)),
        el('td', {}, g.coverage === null ? '—' : el('span', { class: 'meter-cell' },
          el('meter', { min: 0, max: 1, value: g.coverage, 'aria-hidden': 'true' }), pct(g.coverage))),
        el('td', { class: g.pace > 1.25 ? 'overtime' : '' }, pct(g.pace)),
        el('td', {}, pct(g.retention)))))));
}

function dateOf(day) {
  return new Date(day * 86_400_000);
}

function dayLabel(day) {
  return dateOf(day).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

function weekLabel(day) {
  return dateOf(day).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
