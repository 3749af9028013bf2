// <round-summary>: a finished (or abandoned) round: per question, the time used against its budget,
// the overtime, the answer beside its guide, and the self-review of each answer (tick what it
// covered, keep the suggested rating with Enter or pick one with 1-4; the next answer follows).
// Where the question was answered in an earlier round, the last answer is set beside the new one.
// Emits `round-export` (bubbling) with { id, started } from its button.

import { call } from '../lib/ipc.js';
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

/** " · 5 of 8 cases passed": a coding answer's last run, or that it was never run. */
function runLine(run) {
  const text = run
    ? ` · ${run.passed} of ${run.total} ${run.all ? 'cases' : 'visible cases'} passed`
    : ' · never run';
  const ok = run && run.passed === run.total;
  return el('span', { class: `run-counts ${ok ? 'pass' : 'fail'}`, 'data-testid': 'summary-run' }, text);
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
    const reviewable = questions.filter(canReview);
    this.reviewed = new Set(reviewable.filter((q) => q.review).map((q) => q.index));
    this.order = reviewable.map((q) => q.index);
    this.replaceChildren(
      el('header', { class: 'summary-head' },
        el('div', {},
          el('h2', { 'data-testid': 'summary-title' }, v.title),
          el('p', { class: 'muted small' }, `${started} · ${v.status === 'abandoned' ? 'Abandoned' : 'Finished'}`,
            v.cram ? el('span', { class: 'pill', title: 'Reviews of this round leave the schedule alone' }, 'Practice only') : null)),
        el('div', { class: 'row' },
          reviewable.length ? el('button', { type: 'button', class: 'btn primary', 'data-action': 'review', 'data-testid': 'review-start' },
            'Review answers ', el('kbd', {}, 'Enter')) : null,
          el('button', { type: 'button', class: 'btn', 'data-action': 'export', 'data-testid': 'export-round' }, 'Export as Markdown'))),
      reviewable.length ? el('p', { class: 'review-help muted small' },
        'For each answer: tick the key points it covered and any red flags, then ', el('kbd', {}, 'Enter'),
        ' keeps the suggested rating or ', el('kbd', {}, '1'), '–', el('kbd', {}, '4'), ' picks Again, Hard, Good or Easy. The next answer follows.') : null,
      el('div', { class: 'stats' },
        stat('Answered', `${v.answered} of ${v.questions}`, 'summary-answered'),
        stat('Skipped', String(v.skipped), 'summary-skipped'),
        stat('Time', clock(v.totalUsedMs) + (v.totalBudgetMs ? ` of ${clock(v.totalBudgetMs)}` : ''), 'summary-time'),
        stat('Overtime', v.overtimeMs ? `+${clock(v.overtimeMs)}` : 'none', 'summary-overtime', v.overtimeMs > 0),
        reviewable.length ? stat('Reviewed', this.progress(), 'summary-reviewed') : null),
      el('ol', { class: 'summary-list' }, questions.map((q, n) => el('li', { class: 'summary-item', 'data-testid': 'summary-item', dataset: { index: q.index } },
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
            ? el('details', { class: 'summary-answer', open: true },
              el('summary', {}, q.drill ? 'Your code' : 'Your answer', q.drill ? runLine(q.run) : null),
              el('pre', { class: q.drill ? 'code' : null, 'data-testid': q.drill ? 'summary-code' : null }, q.answer))
            : el('p', { class: 'muted small summary-answer' }, 'No answer written.'),
          guideFor(v, q)),
        el('div', { class: 'attempts', 'data-testid': 'attempts', hidden: true })))),
    );
    this.onclick = (e) => {
      if (e.target.closest('[data-action=export]')) this.dispatchEvent(new CustomEvent('round-export', { bubbles: true, detail: { id: v.id, started } }));
      if (e.target.closest('[data-action=review]')) this.reviewNext(-1);
    };
    this.roundId = v.id;
    this.attemptSeq = new Map();
    if (!this.wired) {
      this.wired = true;
      this.addEventListener('review-saved', (e) => {
        this.reviewed.add(e.detail.index);
        const out = this.querySelector('[data-testid=summary-reviewed]');
        if (out) out.textContent = this.progress();
        this.reviewNext(e.detail.index);
        this.showAttempt(this.roundId, e.detail.index);
      });
    }
    for (const q of questions) if (q.answer.trim()) this.showAttempt(v.id, q.index);
  }

  /** "2 of 4": answers reviewed, of those that can be. */
  progress() {
    return `${this.reviewed.size} of ${this.order.length}`;
  }

  /** The step of the round at `index` in the list. */
  item(index) {
    return this.querySelector(`li[data-index="${index}"]`);
  }

  /** Focuses the first answer after `index` not yet reviewed (or, with none left, the first such). */
  reviewNext(index) {
    const open = this.order.filter((i) => !this.reviewed.has(i));
    const next = open.find((i) => i > index) ?? open[0];
    if (next === undefined) {
      this.querySelector('[data-testid=summary-reviewed]')?.closest('.stat')?.scrollIntoView({ block: 'nearest' });
      return;
    }
    this.item(next)?.querySelector('answer-guide')?.focusFirst();
  }

  /** Sets the answer at `index` beside the last one to the same question, if there is one. */
  async showAttempt(roundId, index) {
    const box = this.item(index)?.querySelector('.attempts');
    const seq = (this.attemptSeq.get(index) ?? 0) + 1;
    this.attemptSeq.set(index, seq);
    let c;
    try {
      c = await call('compare_answer', { roundId, index });
    } catch {
      return; // The comparison is extra: the summary stands without it.
    }
    if (!c || !box || this.attemptSeq.get(index) !== seq || roundId !== this.roundId) return;
    const open = Boolean(box.querySelector('details[open]'));
    const when = new Date(c.previous.at).toLocaleDateString([], { dateStyle: 'medium' });
    box.hidden = false;
    box.replaceChildren(el('details', { class: 'attempt', 'data-testid': 'attempt', open },
      el('summary', {}, `Compare with your last answer (${when})`,
        el('span', { class: 'muted small' }, ` · key points then: ${coverage(c.previousReview)}, now: ${coverage(c.review)}`)),
      el('div', { class: 'attempt-grid' },
        el('section', {}, el('h4', {}, `Last time, ${when}`), el('pre', { 'data-testid': 'attempt-previous' }, c.previous.body)),
        el('section', {}, el('h4', {}, 'Now, with what changed'),
          el('pre', { class: 'word-diff', 'data-testid': 'attempt-diff' }, c.runs.map((r) =>
            r.change === 'same' ? r.text
              : el(r.change === 'added' ? 'ins' : 'del', { title: r.change === 'added' ? 'New this time' : 'In your last answer only' }, r.text)))))));
  }
}

/** Whether a question's answer can be reviewed: the round reached it. */
function canReview(q) {
  return q.outcome !== 'pending' && q.outcome !== 'notReached';
}

function coverage(review) {
  if (!review) return 'not reviewed';
  const { covered, keyPoints } = review.check;
  return keyPoints ? `${covered.length} of ${keyPoints}` : 'none listed';
}

function guideFor(v, q) {
  const g = el('answer-guide', { class: 'summary-guide' });
  g.guide = {
    guide: q.guide, open: true,
    review: canReview(q) ? { questionId: q.questionId, roundId: v.id, index: q.index, saved: q.review, usedMs: q.usedMs, budgetMs: q.budgetMs } : null,
  };
  return g;
}

function stat(label, value, testid, warn = false) {
  return el('div', { class: 'stat' }, el('span', { class: 'muted small' }, label), el('strong', { class: warn ? 'overtime' : '', 'data-testid': testid }, value));
}

customElements.define('round-summary', RoundSummary);
