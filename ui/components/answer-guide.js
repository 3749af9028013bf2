// <answer-guide>: what to check an answer against (key points, follow-ups, red flags, and the
// details of design, coding and behavioural questions). Hidden until the user reveals it, so they
// answer first. Set `.guide = { guide, open, review }`; `open` shows it at once (after a round).
//
// With `review` ({ questionId, roundId, index, saved, untimed }) it is also the self-review: the key
// points and red flags become boxes to tick, Onsite suggests a rating from them (and the time), and
// the user keeps it with Enter or picks another with 1-4. Saving emits `review-saved` (bubbling)
// with { index, review, schedule }.

import { call } from '../lib/ipc.js';
import { el, plural, toast } from '../lib/dom.js';
import { clock } from '../lib/time.js';

export const RATINGS = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };
const RATING_KEYS = { 1: 'again', 2: 'hard', 3: 'good', 4: 'easy' };

/** When a question comes back, from days until it is due: "today", "tomorrow", "in 3 days". */
export function dueText(days) {
  if (days < 1) return days < 0 ? 'now (overdue)' : 'later today';
  const d = Math.round(days);
  if (d <= 1) return 'tomorrow';
  if (d < 14) return `in ${d} days`;
  if (d < 60) return `in ${Math.round(d / 7)} weeks`;
  return `in ${Math.round(d / 30)} months`;
}

function list(title, items, testid, cls = '') {
  if (!items?.length) return null;
  return el('section', { class: `guide-part ${cls}`, 'data-testid': testid },
    el('h4', {}, title), el('ul', {}, items.map((t) => el('li', {}, t))));
}

/** A guide list as boxes to tick; `ticked` holds the indexes ticked. */
function checklist(title, items, testid, name, ticked, cls = '') {
  if (!items?.length) return null;
  return el('fieldset', { class: `guide-part checklist ${cls}`, 'data-testid': testid },
    el('legend', {}, el('h4', {}, title)),
    items.map((t, i) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name, value: i, checked: ticked.includes(i) }), el('span', {}, t))));
}

/** The precise problem of a coding question: part of the question, shown up front. */
export function codingStatement(coding) {
  if (!coding) return null;
  return el('section', { class: 'coding-spec', 'data-testid': 'coding-statement' },
    el('p', {}, coding.statement),
    coding.examples.length ? el('div', {}, el('h4', {}, 'Examples'), el('ul', { class: 'mono' }, coding.examples.map((x) => el('li', {}, x)))) : null,
    coding.constraints.length ? el('div', {}, el('h4', {}, 'Constraints'), el('ul', { class: 'mono' }, coding.constraints.map((x) => el('li', {}, x)))) : null);
}

class AnswerGuide extends HTMLElement {
  set guide({ guide, open = false, review = null }) {
    const g = guide ?? {};
    this.review = review;
    const empty = !g.keyPoints?.length && !g.followUps?.length && !g.redFlags?.length && !g.referenceAnswer && !g.source && !g.tags?.length;
    this.hidden = empty && !review;
    if (this.hidden) return;
    const saved = review?.saved;
    const points = review
      ? checklist('Key points: tick what your answer covered', g.keyPoints, 'guide-key-points', 'covered', saved?.check.covered ?? [])
      : list('Key points', g.keyPoints, 'guide-key-points');
    const flags = review
      ? checklist('Red flags: tick any your answer hit', g.redFlags, 'guide-red-flags', 'flagsHit', saved?.check.flagsHit ?? [], 'red')
      : list('Red flags', g.redFlags, 'guide-red-flags', 'red');
    const body = el('div', { class: 'guide-body', 'data-testid': 'guide-body', hidden: !open },
      g.behavioral ? el('p', { class: 'competency' }, el('strong', {}, 'Assesses: '), g.behavioral.competency) : null,
      points,
      g.referenceAnswer ? el('section', { class: 'guide-part', 'data-testid': 'guide-reference' }, el('h4', {}, 'Reference answer'),
        el('p', { class: 'reference-answer' }, g.referenceAnswer)) : null,
      g.source ? el('p', { class: 'muted small guide-source', 'data-testid': 'guide-source' }, 'Source: ', el('span', { class: 'source-text' }, g.source)) : null,
      g.tags?.length ? el('p', { class: 'muted small', 'data-testid': 'guide-tags' }, 'Tags: ', g.tags.join(' · ')) : null,
      g.phases?.length ? el('section', { class: 'guide-part', 'data-testid': 'guide-phases' }, el('h4', {}, 'Phases'),
        el('ol', { class: 'phases' }, g.phases.map((p) => el('li', {}, el('strong', {}, `${p.name} (${p.minutes} min): `), p.covers)))) : null,
      g.coding ? el('p', { 'data-testid': 'guide-complexity' }, el('strong', {}, 'A good solution: '), g.coding.complexity) : null,
      list('A strong STAR answer', g.behavioral?.strongAnswer, 'guide-star'),
      list('Follow-ups', g.followUps, 'guide-follow-ups'),
      flags,
      review ? this.reviewBar(review) : null);
    const button = el('button', { type: 'button', class: 'btn small', 'data-testid': 'guide-reveal', 'aria-expanded': String(open) },
      open ? 'Hide' : 'Reveal', ' ', el('kbd', {}, 'R'));
    this.replaceChildren(el('div', { class: 'guide-head' }, el('h3', {}, review ? 'Check and rate your answer' : 'Check your answer'),
      el('span', { class: 'muted small' }, review ? 'Tick what you covered, then rate' : 'Key points, follow-ups and red flags'), button), body);
    button.onclick = () => this.toggle();
    if (review) {
      this.chosen = saved?.rating ?? null;
      this.onchange = (e) => { if (e.target.type === 'checkbox' && e.target.name !== 'cram') this.suggest(); };
      this.onclick = (e) => {
        const rate = e.target.closest('[data-rating]');
        if (rate) this.save(rate.dataset.rating);
        else if (e.target.closest('[data-action=save-review]')) this.save(null);
      };
      this.onkeydown = (e) => this.onKey(e);
      this.suggest();
    }
  }

  reviewBar(review) {
    const saved = review.saved;
    return el('div', { class: 'review-bar', 'data-testid': 'review-bar' },
      el('p', { class: 'review-suggestion', 'data-testid': 'review-suggestion', 'aria-live': 'polite' }, ' '),
      el('div', { class: 'ratings', role: 'group', 'aria-label': 'Rate your answer' },
        Object.entries(RATINGS).map(([r, label], i) => el('button', {
          type: 'button', class: `btn rating rating-${r}`, dataset: { rating: r }, 'data-testid': `rate-${r}`,
          'aria-pressed': String(saved?.rating === r), title: `Rate ${label} and save (${i + 1})`,
        }, label, ' ', el('kbd', {}, String(i + 1))))),
      el('div', { class: 'review-actions' },
        el('button', { type: 'button', class: 'btn primary', 'data-action': 'save-review', 'data-testid': 'review-save' },
          saved ? 'Save again' : 'Save review', ' ', el('kbd', {}, 'Enter')),
        review.untimed ? el('label', { class: 'check small' }, el('input', { type: 'checkbox', name: 'cram', 'data-testid': 'review-cram' }),
          el('span', {}, 'Practice only: leave the schedule alone')) : null,
        el('span', { class: 'review-status small', 'data-testid': 'review-status', 'aria-live': 'polite' },
          saved ? savedText(saved) : 'Not reviewed yet')));
  }

  /** What is ticked, as the review commands take it. */
  input(rating = null) {
    const ticked = (name) => [...this.querySelectorAll(`input[name=${name}]:checked`)].map((b) => Number(b.value));
    const r = this.review;
    return {
      questionId: r.questionId, roundId: r.roundId ?? null, index: r.index ?? null,
      covered: ticked('covered'), flagsHit: ticked('flagsHit'), rating,
      cram: Boolean(this.querySelector('input[name=cram]:checked')),
      // On a question's page, saving again corrects the review just saved instead of adding one.
      replaces: r.untimed ? (r.saved?.id ?? null) : null,
    };
  }

  async suggest() {
    const seq = (this.seq = (this.seq ?? 0) + 1);
    let s;
    try {
      s = await call('suggest_rating', { review: this.input() });
    } catch (e) {
      if (seq === this.seq) this.querySelector('[data-testid=review-suggestion]').textContent = `Cannot rate this answer: ${e.message}`;
      return;
    }
    if (seq !== this.seq) return;
    this.suggested = s.rating;
    const points = this.querySelectorAll('input[name=covered]').length;
    const flags = this.querySelectorAll('input[name=flagsHit]').length;
    const input = this.input();
    const parts = [];
    if (points) parts.push(`${input.covered.length} of ${plural(points, 'key point')}`);
    if (flags) parts.push(input.flagsHit.length ? plural(input.flagsHit.length, 'red flag') : 'no red flags');
    if (s.pace !== null) {
      const r = this.review;
      parts.push(`${clock(r.usedMs)} of ${clock(r.budgetMs)}${s.pace > 1.25 ? ', over time' : ''}`);
    }
    const line = this.querySelector('[data-testid=review-suggestion]');
    line.replaceChildren('Suggested: ', el('strong', { class: `rated-${s.rating}` }, RATINGS[s.rating]),
      parts.length ? el('span', { class: 'muted' }, ` · ${parts.join(' · ')}`) : null);
    const save = this.querySelector('[data-testid=review-save]');
    save.firstChild.textContent = `Save as ${RATINGS[s.rating]}`;
  }

  onKey(e) {
    // A held key repeats: it must not rate the answers the focus moves on to.
    if (e.repeat || e.altKey || e.ctrlKey || e.metaKey || e.target.tagName === 'TEXTAREA') return;
    const body = this.querySelector('.guide-body');
    if (!body || body.hidden) return;
    if (RATING_KEYS[e.key]) {
      e.preventDefault();
      this.save(RATING_KEYS[e.key]);
    } else if (e.key === 'Enter' && e.target.type === 'checkbox') {
      e.preventDefault();
      this.save(null);
    }
  }

  /** Saves the review with `rating`, or with the suggestion when null. */
  async save(rating) {
    if (this.saving) return;
    this.saving = true;
    const status = this.querySelector('[data-testid=review-status]');
    status.textContent = 'Saving…';
    try {
      const out = await call('review_answer', { review: this.input(rating) });
      this.review.saved = out.review;
      for (const b of this.querySelectorAll('[data-rating]')) b.setAttribute('aria-pressed', String(b.dataset.rating === out.review.rating));
      status.textContent = savedText(out.review, out.schedule);
      status.dataset.state = 'saved';
      this.dispatchEvent(new CustomEvent('review-saved', { bubbles: true, detail: { index: this.review.index, ...out } }));
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
      status.dataset.state = 'error';
      toast(`Could not save the review: ${e.message}`, 'error');
    } finally {
      this.saving = false;
    }
  }

  toggle() {
    const body = this.querySelector('.guide-body');
    const button = this.querySelector('[data-testid=guide-reveal]');
    if (!body) return;
    body.hidden = !body.hidden;
    button.setAttribute('aria-expanded', String(!body.hidden));
    button.firstChild.textContent = body.hidden ? 'Reveal' : 'Hide';
    if (!body.hidden && this.review) this.focusFirst();
  }

  /** Puts the keyboard on the first box to tick (or the save button). */
  focusFirst() {
    const target = this.querySelector('.guide-body input[type=checkbox], [data-testid=review-save]');
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  }
}

/** "Rated Good · back in 3 days", for a saved review and, when known, its schedule. */
function savedText(review, schedule) {
  const rated = `Rated ${RATINGS[review.rating]}`;
  if (review.cram) return `${rated} · practice only, schedule unchanged`;
  if (!schedule) return rated;
  return `${rated} · back ${dueText(schedule.dueInDays)}`;
}

customElements.define('answer-guide', AnswerGuide);
