// <round-summary>: a finished (or abandoned) round, read-only: per question, the time used against
// its budget, the overtime, and the answer. Emits `round-export` (bubbling) with { id, started } from its button.

import { el, questionLabel, KINDS } from '../lib/dom.js';
import { clock } from '../lib/time.js';
import './answer-guide.js';

const OUTCOME = {
  completed: 'Answered', timedOut: 'Time limit', skipped: 'Skipped', notReached: 'Not reached',
  current: 'In progress', pending: 'Not reached',
};

function outcomeLabel(item) {
  if ((item.outcome === 'completed' || item.outcome === 'timedOut') && !item.answered) return 'Unanswered';
  return OUTCOME[item.outcome] ?? item.outcome;
}

class RoundSummary extends HTMLElement {
  set view(v) {
    // A damaged round's listing has no items or totals; History never opens one, but say so if asked.
    if (v.damaged) {
      this.replaceChildren(el('p', { class: 'muted', 'data-testid': 'round-damaged' }, `${v.title}: this round's record is damaged and cannot be shown.`));
      return;
    }
    const started = new Date(v.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
    const questions = v.items.filter((i) => i.type === 'question');
    this.replaceChildren(
      el('header', { class: 'summary-head' },
        el('div', {},
          el('h2', { 'data-testid': 'summary-title' }, v.title),
          el('p', { class: 'muted small' }, `${started} · ${v.status === 'abandoned' ? 'Abandoned' : 'Finished'}`)),
        el('button', { type: 'button', class: 'btn', 'data-action': 'export', 'data-testid': 'export-round' }, 'Export as Markdown')),
      el('div', { class: 'stats' },
        stat('Answered', `${v.answered} of ${v.questions}`, 'summary-answered'),
        stat('Skipped', String(v.skipped), 'summary-skipped'),
        stat('Time', clock(v.totalUsedMs) + (v.totalBudgetMs ? ` of ${clock(v.totalBudgetMs)}` : ''), 'summary-time'),
        stat('Overtime', v.overtimeMs ? `+${clock(v.overtimeMs)}` : 'none', 'summary-overtime', v.overtimeMs > 0)),
      el('ol', { class: 'summary-list' }, questions.map((q, n) => el('li', { class: 'summary-item', 'data-testid': 'summary-item' },
        el('div', { class: 'summary-row' },
          el('span', { class: 'summary-n' }, String(n + 1)),
          el('div', { class: 'summary-main' },
            el('div', { class: 'q-prompt' }, q.prompt),
            el('div', { class: 'q-meta muted small' }, questionLabel(q, KINDS[q.kind] ?? q.kind))),
          el('span', { class: `pill outcome-${q.answered ? 'answered' : q.outcome}`, 'data-testid': 'summary-outcome' }, outcomeLabel(q)),
          el('span', { class: 'summary-time', 'data-testid': 'summary-used' }, `${clock(q.usedMs)} / ${clock(q.budgetMs)}`),
          el('span', { class: q.overtimeMs ? 'overtime' : 'muted', 'data-testid': 'summary-item-overtime' }, q.overtimeMs ? `+${clock(q.overtimeMs)}` : '—')),
        el('div', { class: 'summary-compare' },
          q.answer.trim()
            ? el('details', { class: 'summary-answer', open: true }, el('summary', {}, 'Your answer'), el('pre', {}, q.answer))
            : el('p', { class: 'muted small summary-answer' }, 'No answer written.'),
          guideFor(q))))),
    );
    this.onclick = (e) => {
      if (e.target.closest('[data-action=export]')) this.dispatchEvent(new CustomEvent('round-export', { bubbles: true, detail: { id: v.id, started } }));
    };
  }
}

function guideFor(q) {
  const g = el('answer-guide', { class: 'summary-guide' });
  g.guide = { guide: q.guide, open: true };
  return g;
}

function stat(label, value, testid, warn = false) {
  return el('div', { class: 'stat' }, el('span', { class: 'muted small' }, label), el('strong', { class: warn ? 'overtime' : '', 'data-testid': testid }, value));
}

customElements.define('round-summary', RoundSummary);
