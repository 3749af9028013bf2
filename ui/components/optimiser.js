// Settings → Review schedule → "Fit to my reviews": runs FSRS's optimiser in Rust (progress on the
// `optimise-progress` event, cancellable), then shows the parameters in use beside the fitted ones
// and how well each predicts the user's own reviews. Nothing changes until the user keeps the fit;
// a kept fit can be reverted while Onsite stays open (and FSRS's defaults restored at any time).

import { call, on } from '../lib/ipc.js';
import { getState } from '../lib/state.js';
import { el, plural } from '../lib/dom.js';
import { saveSettings } from '../lib/settings.js';

export function optimiser() {
  const node = el('div', { class: 'optimiser', 'data-testid': 'optimiser' });
  const status = el('p', { class: 'small', role: 'status', 'data-testid': 'optimise-status' });
  let phase = 'idle'; // idle | running | fitted
  let fit = null;
  let progress = null;
  let previous; // the parameters in use before the last fit was kept (undefined: nothing to revert)
  let busy = false; // a choice is being saved: every button waits for it

  async function run() {
    phase = 'running';
    progress = null;
    fit = null;
    say('');
    draw();
    node.querySelector('[data-action=cancel-optimise]')?.focus();
    const stop = on('optimise-progress', (p) => {
      progress = p;
      drawProgress();
    });
    try {
      fit = await call('optimise_parameters');
      phase = 'fitted';
    } catch (e) {
      phase = 'idle';
      say(`Not optimised: ${e.message}`, 'error');
    } finally {
      stop();
    }
    draw();
    focusFirst(phase === 'fitted' ? ['keep-fit', 'discard-fit'] : ['optimise']);
  }

  function focusFirst(actions) {
    for (const a of actions) {
      const b = node.querySelector(`[data-action=${a}]`);
      if (b) return b.focus();
    }
  }

  async function use(parameters, message) {
    const before = getState().settings.fsrsParameters;
    await saveSettings({ fsrsParameters: parameters });
    previous = before;
    phase = 'idle';
    fit = null;
    say(message);
  }

  function say(text, kind = 'info') {
    status.textContent = text;
    status.dataset.state = kind;
  }

  async function act(action) {
    const saving = ['keep-fit', 'revert-fit', 'default-parameters'].includes(action);
    if (saving) {
      busy = true;
      say('Rescheduling every question you have reviewed…');
      draw();
    }
    try {
      if (action === 'optimise') await run();
      if (action === 'cancel-optimise') await call('cancel_optimise');
      if (action === 'keep-fit') await use(fit.fitted, 'Now scheduling with parameters fitted to your reviews. Every question you have reviewed was rescheduled.');
      if (action === 'discard-fit') {
        phase = 'idle';
        fit = null;
        draw();
        say('Kept the parameters in use.');
      }
      if (action === 'revert-fit') await use(previous ?? null, 'Back to the parameters used before. Every question you have reviewed was rescheduled.');
      if (action === 'default-parameters') await use(null, 'Back to FSRS’s default parameters. Every question you have reviewed was rescheduled.');
    } catch (e) {
      say(`Not saved: ${e.message}`, 'error');
    } finally {
      if (saving) {
        busy = false;
        draw();
        focusFirst(['optimise', 'keep-fit']);
      }
    }
  }

  node.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (b && !b.disabled) act(b.dataset.action);
  });

  function drawProgress() {
    const bar = node.querySelector('progress');
    if (!bar) return;
    const label = node.querySelector('[data-testid=optimise-progress-text]');
    if (progress?.total) {
      bar.max = progress.total;
      bar.value = progress.done;
      label.textContent = `Fitting… ${Math.round((100 * progress.done) / progress.total)}%`;
    }
  }

  function draw() {
    const own = getState().settings?.fsrsParameters;
    const inUse = el('p', { class: 'muted small', 'data-testid': 'parameters-in-use' }, own
      ? 'Scheduling with parameters fitted to your own reviews.'
      : 'Scheduling with FSRS’s default parameters, fitted to the average Anki user. Once you have reviews of questions that came back, fit them to how you remember.');
    const parts = [inUse];
    if (phase === 'running') {
      parts.push(el('div', { class: 'optimise-run' },
        el('progress', { 'aria-label': 'Fitting the parameters', 'data-testid': 'optimise-progress' }),
        el('span', { class: 'small', 'data-testid': 'optimise-progress-text' }, 'Reading your reviews…'),
        button('cancel-optimise', 'Cancel')));
    } else if (phase === 'fitted') {
      parts.push(comparison(fit));
    } else {
      parts.push(el('div', { class: 'optimise-run' },
        button('optimise', 'Fit to my reviews…', 'btn'),
        previous !== undefined ? button('revert-fit', 'Revert to the previous parameters') : null,
        own ? button('default-parameters', 'Use FSRS’s defaults') : null));
    }
    node.replaceChildren(...parts, status);
    drawProgress();
  }

  function comparison(f) {
    if (f.fitted.every((w, i) => w === f.current[i])) {
      return el('div', { class: 'fit', 'data-testid': 'fit' },
        el('p', {}, `FSRS kept the parameters in use: your ${plural(f.reviews, 'answer')} to questions that came back do not yet say enough to move them. `
          + 'It learns most from questions answered several times, days apart; try again after more practice.'),
        el('div', { class: 'optimise-run' }, button('discard-fit', 'OK', 'btn primary')));
    }
    const better = f.fittedLoss < f.currentLoss;
    return el('div', { class: 'fit', 'data-testid': 'fit' },
      el('p', {}, `Fitted to ${plural(f.reviews, 'answer')} to questions that came back. How well each set predicts them (log loss, lower is better): `,
        el('strong', {}, f.currentLoss.toFixed(4)), ' in use, ', el('strong', { 'data-testid': 'fitted-loss' }, f.fittedLoss.toFixed(4)), ' fitted.',
        better ? '' : ' The fitted set predicts them no better; keeping the parameters in use is wiser.'),
      el('details', { class: 'as-table' }, el('summary', { class: 'small' }, 'The 21 parameters'),
        el('table', { class: 'data-table parameters', 'data-testid': 'fit-table' },
          el('thead', {}, el('tr', {}, ['', 'In use', 'Fitted'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, f.fitted.map((w, i) => el('tr', {}, el('th', { scope: 'row' }, `w${i}`),
            el('td', {}, f.current[i].toFixed(4)), el('td', {}, w.toFixed(4))))))),
      el('div', { class: 'optimise-run' },
        button('keep-fit', 'Use the fitted parameters', better ? 'btn primary' : 'btn'),
        button('discard-fit', 'Keep the ones in use', better ? 'btn' : 'btn primary')));
  }

  function button(action, label, cls = 'btn') {
    return el('button', { type: 'button', class: cls, 'data-action': action, 'data-testid': action, disabled: busy }, label);
  }

  draw();
  return { node, draw };
}
