// The interview plan on the Progress view: the date of the interview, the questions a day that
// reach the target recall on the day, and where the current pace leads. Rust runs FSRS's simulator
// and sends a row per level and category; this draws them and saves the date.

import { call } from '../lib/ipc.js';
import { getState } from '../lib/state.js';
import { el, levelName, plural } from '../lib/dom.js';
import { saveSettings } from '../lib/settings.js';

const pct = (x) => `${Math.round(x * 100)}%`;

/** The card; `level` is the level chosen on the Progress view (null for all). */
export function interviewPlan() {
  const card = el('section', { class: 'card plan', 'data-testid': 'interview-plan' });
  let plan = null;
  let state = 'loading';
  let error = '';
  let level = null;
  let seq = 0;

  async function load() {
    const mine = ++seq;
    state = 'loading';
    draw();
    try {
      const answer = await call('interview_plan', { utcOffsetMinutes: -new Date().getTimezoneOffset() });
      if (mine !== seq) return;
      plan = answer;
      state = 'ready';
    } catch (e) {
      if (mine !== seq) return;
      state = 'error';
      error = e.message;
    }
    draw();
  }

  async function saveDate(interviewDate) {
    // The form is drawn anew with the plan: the focus goes back to the same field or button.
    const focused = card.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    await saveSettings({ interviewDate });
    await load();
    const again = focused && (card.querySelector(`[data-testid=${focused}]`) ?? card.querySelector('[data-testid=interview-date]'));
    again?.focus();
  }

  function dateForm() {
    // A text field, not type=date: the segmented date fields of the webviews differ per platform
    // and locale, and some take no typed digits. ISO dates read the same everywhere.
    const input = el('input', {
      type: 'text', name: 'interviewDate', required: true, 'data-testid': 'interview-date', size: 11, maxlength: 10,
      inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', pattern: '\\d{4}-\\d{2}-\\d{2}',
      value: stored() ?? '', placeholder: isoDay(new Date(Date.now() + 30 * 86_400_000)),
      'aria-label': 'Interview date, as year-month-day', title: 'Year-month-day, such as 2027-01-15',
    });
    const status = el('span', { class: 'small', role: 'status' });
    // Checked here rather than by the browser, so the message is the same in every webview.
    const form = el('form', { class: 'plan-date', 'data-testid': 'interview-date-form', novalidate: true },
      el('label', {}, el('span', {}, 'Interview on'), input),
      el('button', { type: 'submit', class: 'btn primary', 'data-testid': 'interview-date-save' }, stored() ? 'Change' : 'Set date'),
      stored() ? el('button', { type: 'button', class: 'btn', 'data-testid': 'interview-date-clear' }, 'Clear') : null,
      status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        status.textContent = 'Enter a date such as 2027-01-15';
        status.dataset.state = 'error';
        input.focus();
        return;
      }
      try {
        await saveDate(value);
      } catch (err) {
        status.textContent = `Not saved: ${err.message}`;
        status.dataset.state = 'error';
      }
    });
    form.querySelector('[data-testid=interview-date-clear]')?.addEventListener('click', () => {
      saveDate(null).catch((err) => {
        status.textContent = `Not cleared: ${err.message}`;
        status.dataset.state = 'error';
      });
    });
    return form;
  }

  function draw() {
    const head = el('div', { class: 'plan-head' }, el('h2', {}, heading()), dateForm());
    if (state === 'loading') {
      card.setAttribute('aria-busy', 'true');
      card.replaceChildren(head, el('p', { class: 'muted' }, 'Working out your plan…'));
      return;
    }
    card.removeAttribute('aria-busy');
    if (state === 'error') {
      card.replaceChildren(head, el('p', { class: 'form-error', 'data-testid': 'plan-error' }, `Could not work out your plan: ${error}`));
      return;
    }
    if (!plan) {
      card.replaceChildren(head, el('p', { class: 'muted' },
        'Set the date of your interview and Onsite works out how many questions a day bring you to your target recall on the day, and where your current pace leads.'));
      return;
    }
    if (plan.daysLeft < 0) {
      card.replaceChildren(head, el('p', { class: 'muted', 'data-testid': 'plan-passed' },
        `Your interview on ${longDate(plan.interviewDate)} has passed. Set the date of the next one.`));
      return;
    }
    const levels = plan.rows.filter((r) => r.category === null && (!level || r.level === level));
    const categories = plan.rows.filter((r) => r.category !== null && (!level || r.level === level));
    card.replaceChildren(head,
      el('div', { class: 'plan-lines' }, levels.map(headline)),
      el('details', { class: 'as-table', open: level !== null, 'data-testid': 'plan-by-category' },
        el('summary', { class: 'small' }, 'By category'), table(categories)),
      el('p', { class: 'muted small' },
        `From FSRS’s simulator, run on your questions: those you have reviewed start from where they stand, the rest are new. `
        + `Ratings are drawn like ${plan.ownRatings ? `your ${plural(plan.ownRatings, 'review')}` : 'those of Anki’s users, until you have reviews of your own'}. `
        + `A question answered on the day counts as recalled; one never answered, as forgotten.`));
  }

  function heading() {
    if (state !== 'ready' || !plan || plan.daysLeft < 0) return 'Interview plan';
    const left = plan.daysLeft === 0 ? 'today' : `in ${plural(plan.daysLeft, 'day')}`;
    return `Interview ${left}: ${longDate(plan.interviewDate)}`;
  }

  function headline(r) {
    const who = levelName(r.level);
    const need = r.neededPerDay === null
      ? el('p', {}, `${who}: ${pct(plan.target)} on the day is out of reach by this date in some categories; see By category.`)
      : el('p', {}, `${who}: practise `, el('strong', { 'data-testid': `plan-needed-${r.level}` }, r.neededPerDay === 0 ? 'nothing more' : `${plural(r.neededPerDay, 'question')} a day`),
        ` to recall ${pct(plan.target)} of ${plural(r.questions, 'question')} on the day.`);
    const pace = el('p', { class: 'muted' },
      r.pacePerDay > 0 ? `At your pace of ${perDay(r.pacePerDay)} (the last ${plan.paceDays} days) you would recall about ` : `With no practice in the last ${plan.paceDays} days, you would recall about `,
      el('strong', { 'data-testid': `plan-pace-${r.level}` }, pct(r.recallAtPace)), ' on the day.');
    return el('div', { class: 'plan-line' }, need, pace);
  }

  function table(rows) {
    return el('table', { class: 'data-table', 'data-testid': 'plan-table', 'aria-label': 'Questions a day needed, and recall on the day at your pace, by category' },
      el('thead', {}, el('tr', {}, [level ? null : 'Level', 'Category', 'Questions', 'Reviewed', 'A day needed', 'A day now', 'Recall on the day at this pace']
        .filter(Boolean).map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', { 'data-testid': 'plan-row' },
        level ? null : el('td', {}, levelName(r.level)),
        el('th', { scope: 'row' }, r.category),
        el('td', {}, String(r.questions)), el('td', {}, String(r.reviewed)),
        el('td', {}, r.neededPerDay === null ? `out of reach (at most ${pct(r.recallIfPlanned)})` : String(r.neededPerDay)),
        el('td', {}, r.pacePerDay.toFixed(1)),
        el('td', {}, el('span', { class: 'meter-cell' },
          el('meter', { min: 0, max: 1, low: plan.target - 0.15, high: plan.target, optimum: 1, value: r.recallAtPace, 'aria-hidden': 'true' }),
          pct(r.recallAtPace)))))));
  }

  return {
    node: card,
    load,
    /** Draws the plan for `chosen` level (null: all levels). */
    show(chosen) {
      level = chosen;
      draw();
    },
  };
}

/** The interview date the settings hold (what the form shows, whatever the plan says). */
function stored() {
  return getState().settings?.interviewDate ?? null;
}

function perDay(x) {
  return `${x < 10 ? x.toFixed(1) : Math.round(x)} a day`;
}

/** Today's date in the user's time zone, as YYYY-MM-DD. */
function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
