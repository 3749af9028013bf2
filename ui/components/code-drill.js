// <code-drill>: a runnable coding question's editor, its Run (visible cases) and Submit (every case)
// buttons, and the results. On the question page the code autosaves for the question; in a round it
// is the answer to the step, saved with the counts of each run. Taken off the page for good, it
// stops its run and its editor.

import { call } from '../lib/ipc.js';
import { Autosaver } from '../lib/autosave.js';
import { el, plural, toast } from '../lib/dom.js';

/** CodeMirror, loaded the first time an editor is shown, so start-up never pays for it. */
let codemirror;
const loadEditor = () => (codemirror ??= import('../vendor/codemirror.js'));

/** The Python drills run on, asked once per page load (and again after Settings change it). */
let python;
export function forgetPython() { python = undefined; }
const pythonInfo = () => (python ??= call('python_info').catch((e) => ({ problem: e.message })));

/** Ctrl, or ⌘ on a Mac, as the keys are shown (CodeMirror's Mod is Cmd there). */
const MOD = /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';
const STATUS = { dirty: 'Unsaved…', saving: 'Saving…', saved: 'Saved', error: 'Not saved' };
const ENDINGS = {
  timedOut: (r) => `Stopped at the time limit of ${Math.round(r.limitMs / 1000)} s.`,
  cancelled: () => 'Cancelled.',
  crashed: () => 'The Python process ended before the harness did (out of memory, or the code exited).',
};
const MARK = { pass: '✓', fail: '✗', error: '!', stopped: '■', notRun: '·' };
const STATUS_WORD = { pass: 'passed', fail: 'failed', error: 'raised an error', stopped: 'was running when the run stopped', notRun: 'did not run' };

class CodeDrill extends HTMLElement {
  connectedCallback() {
    this.build();
    this.themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }

  disconnectedCallback() {
    this.themeWatch.disconnect();
    this.saver?.flush().catch(() => {});
    // A view that draws itself again puts this element back at once: only a removal that lasts
    // past this task ends the run and the editor.
    queueMicrotask(() => { if (!this.isConnected) this.teardown(); });
  }

  teardown() {
    this.gone = true;
    if (this.running) call('cancel_run').catch(() => {});
    this.view?.destroy();
    this.view = null;
  }

  /** Builds the parts once: on connecting, or when `load` comes first (a round fills it before
   * it is placed on the page). */
  build() {
    if (this.built) return;
    this.built = true;
    this.status = el('span', { class: 'save-status', 'data-testid': 'code-status', 'aria-live': 'polite' });
    this.signature = el('code', { class: 'signature', 'data-testid': 'drill-signature' });
    this.host = el('div', { class: 'code-editor', 'data-testid': 'code-editor' });
    this.notice = el('p', { class: 'banner warn small', 'data-testid': 'python-missing', hidden: true });
    const button = (act, label, keys, cls) => el('button', { type: 'button', class: cls, dataset: { act }, 'data-testid': `drill-${act}` },
      label, ' ', el('kbd', {}, keys));
    this.runButton = button('run', 'Run', `${MOD} Enter`, 'btn');
    this.submitButton = button('submit', 'Submit', `${MOD} Shift Enter`, 'btn primary');
    this.cancelButton = el('button', { type: 'button', class: 'btn ghost', dataset: { act: 'cancel' }, 'data-testid': 'drill-cancel', hidden: true }, 'Cancel run');
    this.results = el('div', { class: 'drill-results', 'data-testid': 'drill-results' });
    this.origin = el('p', { class: 'banner warn small', 'data-testid': 'drill-origin', hidden: true });
    this.examples = el('details', { class: 'drill-examples' });
    this.append(
      el('div', { class: 'note-head' }, el('h3', {}, 'Your code'), this.status),
      el('p', { class: 'small muted' }, this.signature),
      this.notice,
      this.origin,
      this.host,
      el('p', { class: 'hint muted small' }, 'Tab indents; ', el('kbd', {}, 'Esc'), ' then ', el('kbd', {}, 'Tab'),
        ' leaves the editor. Your code runs on your own Python, with your permissions.'),
      el('div', { class: 'row drill-actions' }, this.runButton, this.submitButton, this.cancelButton,
        el('button', { type: 'button', class: 'btn ghost small push-right', dataset: { act: 'reset' }, 'data-testid': 'drill-reset' }, 'Start again from the starter code')),
      this.results,
      this.examples,
    );
    this.addEventListener('click', (e) => {
      const act = e.target.closest('[data-act]')?.dataset.act;
      if (act === 'run') this.run(false);
      else if (act === 'submit') this.run(true);
      else if (act === 'cancel') call('cancel_run').catch(() => {});
      else if (act === 'reset') this.reset();
      else if (act === 'goto') this.goToLine(Number(e.target.closest('[data-act]').dataset.line));
    });
    this.themeWatch = new MutationObserver(() => this.applyTheme());
  }

  /**
   * Shows the drill of `questionId`. `round` ({ id, index, answer }) makes the code the answer to
   * that step of a round; otherwise the code kept for the question is shown and saved.
   */
  async load(questionId, round = null) {
    this.build();
    this.questionId = questionId;
    this.round = round;
    this.dataset.questionId = questionId;
    this.results.replaceChildren();
    // Python is asked about alongside, not waited for: the editor never waits on a slow Python.
    pythonInfo().then((info) => { if (this.questionId === questionId && !this.gone) this.showPython(info); });
    const [page, cm] = await Promise.all([call('get_drill', { questionId }), loadEditor()]);
    if (this.questionId !== questionId || this.gone) return;
    this.page = page;
    this.signature.textContent = page.drill.signature;
    this.origin.hidden = page.bundled;
    this.origin.textContent = page.bundled ? '' : `This starter code comes from the pack “${page.packTitle}”, not from Onsite. Read it before you run it: code runs on your Python with your permissions.`;
    this.showExamples(page.drill);
    const save = round
      ? (body) => call('save_answer', { id: round.id, index: round.index, body })
      : (body) => call('save_code', { questionId, body });
    this.saver = new Autosaver(save, (st, err) => {
      this.status.dataset.state = st;
      this.status.textContent = st === 'error' ? `${STATUS.error}: ${err?.message}` : STATUS[st];
    });
    const code = round ? (round.answer?.trim() ? round.answer : page.drill.starter) : page.code;
    this.mount(cm, code, page.drill.language);
  }

  mount(cm, code, language) {
    this.view?.destroy();
    this.theme = new cm.Compartment();
    const keys = [
      { key: 'Mod-Enter', run: () => { this.run(false); return true; } },
      { key: 'Mod-Shift-Enter', run: () => { this.run(true); return true; } },
      ...cm.closeBracketsKeymap, ...cm.defaultKeymap, ...cm.historyKeymap, ...cm.searchKeymap, cm.indentWithTab,
    ];
    this.cm = cm;
    this.view = new cm.EditorView({
      parent: this.host,
      state: cm.EditorState.create({
        doc: code,
        extensions: [
          cm.lineNumbers(), cm.highlightActiveLineGutter(), cm.highlightActiveLine(), cm.drawSelection(),
          cm.history(), cm.indentOnInput(), cm.bracketMatching(), cm.closeBrackets(),
          cm.indentUnit.of('    '),
          language === 'sql' ? cm.sql({ dialect: cm.SQLite }) : cm.python(),
          cm.syntaxHighlighting(cm.defaultHighlightStyle, { fallback: true }),
          this.theme.of(this.themeFor(cm)),
          cm.keymap.of(keys),
          cm.EditorView.contentAttributes.of({ 'aria-label': 'Your code', 'data-testid': 'code-input' }),
          cm.EditorView.updateListener.of((u) => { if (u.docChanged) this.saver.schedule(u.state.doc.toString()); }),
        ],
      }),
    });
    if (this.wantFocus) this.view.focus();
  }

  themeFor(cm) {
    return document.documentElement.dataset.theme === 'dark' ? cm.oneDark : [];
  }

  applyTheme() {
    if (this.view) this.view.dispatch({ effects: this.theme.reconfigure(this.themeFor(this.cm)) });
  }

  get code() { return this.view?.state.doc.toString() ?? ''; }

  /** Puts the caret at the start of line `n` of the code, in view, for an error that names it. */
  goToLine(n) {
    if (!this.view || !(n >= 1 && n <= this.view.state.doc.lines)) return;
    const line = this.view.state.doc.line(n);
    this.view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
    this.view.focus();
  }

  /** Resolves once the code on screen is saved. */
  flush() { return this.saver ? this.saver.flush() : Promise.resolve(); }

  /** Puts the caret in the editor, now or once it is shown. */
  focusEditor() {
    if (this.view) this.view.focus();
    else this.wantFocus = true;
  }

  reset() {
    if (!this.view || !this.page) return;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: this.page.drill.starter } });
    this.view.focus();
    toast(`The starter code is back. ${MOD} Z in the editor brings your code back.`);
  }

  showPython(info) {
    this.notice.hidden = !info.problem;
    this.notice.textContent = info.problem
      ? info.problem
      : '';
  }

  showExamples(drill) {
    const shown = drill.examples.length;
    this.examples.replaceChildren(
      el('summary', {}, `Test cases: ${shown} shown, ${plural(drill.hiddenCases, 'hidden case')}`),
      el('ul', { class: 'cases' }, drill.examples.map((c) => el('li', {}, el('code', {}, c.call), ' → ', el('code', {}, c.expected)))),
      drill.numpy ? el('p', { class: 'small muted' }, 'NumPy may be used.') : el('p', { class: 'small muted' }, 'Plain Python: NumPy is not available in this drill.'),
    );
  }

  /** Runs the visible cases, or every case when `all`. One run at a time. */
  async run(all) {
    if (!this.view || this.running) return;
    const questionId = this.questionId;
    const started = all ? this.submitButton : this.runButton;
    const hadFocus = this.contains(document.activeElement) && document.activeElement.tagName === 'BUTTON';
    this.running = true;
    this.runButton.disabled = this.submitButton.disabled = true;
    this.cancelButton.hidden = false;
    // Focus was on a button now disabled: keep it on the one that can act.
    if (hadFocus) this.cancelButton.focus();
    this.results.replaceChildren(el('p', { class: 'muted', 'data-testid': 'run-progress', role: 'status' }, all ? 'Trying every case…' : 'Trying the visible cases…'));
    const code = this.code;
    try {
      // In a round the answer is saved first, so the run's counts are kept with this very code.
      if (this.round) await this.saver.flush();
      const round = this.round ? { id: this.round.id, index: this.round.index } : null;
      const report = await call('run_code', { questionId, code, all, round });
      if (this.questionId === questionId && !this.gone) this.showReport(report);
    } catch (e) {
      if (this.questionId === questionId) this.results.replaceChildren(el('p', { class: 'banner error', 'data-testid': 'run-error', role: 'status' }, e.message));
    } finally {
      this.running = false;
      this.runButton.disabled = this.submitButton.disabled = false;
      this.cancelButton.hidden = true;
      if (hadFocus && (document.activeElement === this.cancelButton || document.activeElement === document.body)) started.focus();
    }
  }

  showReport(r) {
    // The run reached Python: any notice that it could not is out of date.
    if (r.ending !== 'cancelled') this.notice.hidden = true;
    const ok = r.total > 0 && r.passed === r.total && r.ending === 'finished' && !r.loadError;
    const what = r.all ? 'cases' : 'visible cases';
    const text = r.total ? `${ok ? '✓' : '✗'} ${r.passed} of ${r.total} ${what} pass` : 'This drill shows no cases: Submit tries the hidden ones.';
    const summary = el('p', { class: `run-summary ${ok ? 'pass' : 'fail'}`, 'data-testid': 'run-summary', role: 'status', dataset: { passed: r.passed, total: r.total } },
      text, el('span', { class: 'muted small' }, ` · ${r.ms} ms`));
    const parts = [summary];
    if (ENDINGS[r.ending]) parts.push(el('p', { class: 'banner warn small', 'data-testid': 'run-ending' }, ENDINGS[r.ending](r)));
    if (r.loadError) parts.push(errorBlock(r.loadError, 'Your code did not load'));
    parts.push(el('ol', { class: 'case-results' }, r.cases.map((c) => caseItem(c))));
    if (r.stdout || r.stderr) parts.push(output('Other output', r.stdout, r.stderr));
    this.results.replaceChildren(...parts);
  }
}

function caseItem(c) {
  const n = c.index + 1;
  const li = el('li', { class: `case ${c.status}`, 'data-testid': 'case-result', dataset: { status: c.status } },
    el('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[c.status]),
    el('span', {}, c.hidden ? `Hidden case ${n} ${STATUS_WORD[c.status]}` : `Case ${n} ${STATUS_WORD[c.status]}`),
    c.ms && !c.hidden ? el('span', { class: 'muted small' }, ` · ${c.ms} ms`) : null);
  if (c.hidden) return li;
  const rows = [['Call', c.call], ['Expected', c.expected], c.actual !== null ? ['Returned', c.actual] : null].filter(Boolean);
  li.append(el('dl', { class: 'case-detail' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, el('code', {}, v))])));
  if (c.why) li.append(el('p', { class: 'small' }, `Why: ${c.why}`));
  if (c.error) li.append(errorBlock(c.error, 'Raised'));
  if (c.stdout || c.stderr) li.append(output('Output', c.stdout, c.stderr));
  return li;
}

function errorBlock(e, label) {
  const where = e.line ? ` on line ${e.line}` : '';
  return el('div', { class: 'code-error', 'data-testid': 'code-error' },
    el('p', {}, `${label}: ${e.type}${where}: ${e.message}`,
      e.line ? el('button', { type: 'button', class: 'btn ghost small', dataset: { act: 'goto', line: e.line }, 'data-testid': 'error-line' }, `Go to line ${e.line}`) : null),
    e.trace ? el('pre', { class: 'trace' }, e.trace) : null);
}

function output(label, stdout, stderr) {
  return el('details', { class: 'output' }, el('summary', {}, label),
    stdout ? el('pre', { 'data-testid': 'run-stdout' }, stdout) : null,
    stderr ? el('pre', { class: 'stderr' }, stderr) : null);
}

customElements.define('code-drill', CodeDrill);
