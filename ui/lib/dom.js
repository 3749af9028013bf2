// Small DOM helpers. User text only ever goes in as text nodes.

/**
 * Creates an element. `attrs` keys starting with "on" are not supported on purpose: views use one
 * delegated listener on their root. Children may be strings (added as text), nodes, or arrays.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Text with search matches between U+0001 and U+0002 shown as <mark>, built from text nodes only. */
export function highlighted(text) {
  const frag = document.createDocumentFragment();
  const parts = text.split(/\u0001|\u0002/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) frag.append(el('mark', {}, part));
    else frag.append(part);
  });
  return frag;
}

export const LEVELS = { mle: 'ML Engineer', senior: 'Senior ML Engineer' };
export const KINDS = { concept: 'Concept', design: 'Design', coding: 'Coding', behavioral: 'Behavioral' };
export const DIFFICULTIES = { easy: 'Easy', medium: 'Medium', hard: 'Hard' };

/**
 * A count with its thousands grouped, as the rest of the English UI writes them: "100,000". Not
 * `toLocaleString`: that is the page's only use of Intl at start, and loading Intl costs the web
 * process about 2.4 MB (ICU's data) for as long as it runs.
 */
export function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `n` with `word`, made plural unless n is 1: "1 question", "3 questions", "2 categories". */
export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** A level's name, or its id for a level this version does not know. */
export function levelName(level) {
  return LEVELS[level] ?? level;
}

/**
 * Where a question sits in the bank, "ML Engineer · Evaluation", then any `more` parts; every list
 * and heading shows a question this one way.
 */
export function questionLabel({ level, category }, ...more) {
  return [levelName(level), category, ...more].join(' · ');
}

/** "just now", "5 min ago", or a date, for a time in epoch milliseconds. */
export function ago(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  const d = new Date(ms);
  if (s < 86400) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** True when keyboard input is going into a text field, where single-key shortcuts must not fire. */
export function typingIn(target) {
  if (!(target instanceof HTMLElement)) return false;
  // A box to tick or a button takes no text: shortcuts still work with one in focus.
  if (target.tagName === 'INPUT' && /^(checkbox|radio|button|submit|reset)$/.test(target.type)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

let toastTimer = 0;
/** A short status message at the bottom of the window. */
export function toast(message, kind = 'info') {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.dataset.kind = kind;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 4000);
}
