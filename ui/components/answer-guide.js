// <answer-guide>: what to check an answer against (key points, follow-ups, red flags, and the
// details of design, coding and behavioural questions). Hidden until the user reveals it, so they
// answer first. Set `.guide = { guide, kind }`; `open` shows it at once (after a round).

import { el } from '../lib/dom.js';

function list(title, items, testid, cls = '') {
  if (!items?.length) return null;
  return el('section', { class: `guide-part ${cls}`, 'data-testid': testid },
    el('h4', {}, title), el('ul', {}, items.map((t) => el('li', {}, t))));
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
  set guide({ guide, open = false }) {
    const g = guide ?? {};
    const empty = !g.keyPoints?.length && !g.followUps?.length && !g.redFlags?.length;
    this.hidden = empty;
    if (empty) return;
    const body = el('div', { class: 'guide-body', 'data-testid': 'guide-body', hidden: !open },
      g.behavioral ? el('p', { class: 'competency' }, el('strong', {}, 'Assesses: '), g.behavioral.competency) : null,
      list('Key points', g.keyPoints, 'guide-key-points'),
      g.phases?.length ? el('section', { class: 'guide-part', 'data-testid': 'guide-phases' }, el('h4', {}, 'Phases'),
        el('ol', { class: 'phases' }, g.phases.map((p) => el('li', {}, el('strong', {}, `${p.name} (${p.minutes} min): `), p.covers)))) : null,
      g.coding ? el('p', { 'data-testid': 'guide-complexity' }, el('strong', {}, 'A good solution: '), g.coding.complexity) : null,
      list('A strong STAR answer', g.behavioral?.strongAnswer, 'guide-star'),
      list('Follow-ups', g.followUps, 'guide-follow-ups'),
      list('Red flags', g.redFlags, 'guide-red-flags', 'red'));
    const button = el('button', { type: 'button', class: 'btn small', 'data-testid': 'guide-reveal', 'aria-expanded': String(open) },
      open ? 'Hide' : 'Reveal', ' ', el('kbd', {}, 'R'));
    this.replaceChildren(el('div', { class: 'guide-head' }, el('h3', {}, 'Check your answer'),
      el('span', { class: 'muted small' }, 'Key points, follow-ups and red flags'), button), body);
    button.onclick = () => this.toggle();
  }

  toggle() {
    const body = this.querySelector('.guide-body');
    const button = this.querySelector('[data-testid=guide-reveal]');
    if (!body) return;
    body.hidden = !body.hidden;
    button.setAttribute('aria-expanded', String(!body.hidden));
    button.firstChild.textContent = body.hidden ? 'Reveal' : 'Hide';
  }
}

customElements.define('answer-guide', AnswerGuide);
