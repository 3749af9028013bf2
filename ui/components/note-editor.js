// <note-editor>: a question's Markdown note, with Preview / Write / History tabs and autosave.
// Emits `note-saved` (bubbling) with { questionId, hasNote } after each save reaches disk.

import { call } from '../lib/ipc.js';
import { Autosaver } from '../lib/autosave.js';
import { el, ago, toast } from '../lib/dom.js';

const STATUS = { dirty: 'Unsaved changes…', saving: 'Saving…', saved: 'Saved', error: 'Not saved' };

class NoteEditor extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.mode = 'preview';
    this.tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Note' },
      ['preview', 'write', 'history'].map((m) => el('button', {
        type: 'button', role: 'tab', class: 'tab', dataset: { mode: m }, 'data-testid': `note-tab-${m}`,
      }, { preview: 'Preview', write: 'Write', history: 'History' }[m])));
    this.status = el('span', { class: 'save-status', 'data-testid': 'note-status', 'aria-live': 'polite' });
    this.input = el('textarea', {
      class: 'note-input', 'data-testid': 'note-input', spellcheck: 'true', 'aria-label': 'Your note, in Markdown',
      placeholder: 'Write your answer and notes in Markdown. It saves as you type.',
    });
    this.rendered = el('div', { class: 'markdown', 'data-testid': 'note-rendered' });
    this.history = el('div', { class: 'history', 'data-testid': 'note-history' });
    this.panes = { preview: this.rendered, write: el('div', { class: 'write' }, this.input, el('p', { class: 'hint muted small' },
      'Markdown: **bold**, *italic*, `code`, lists, tables. ', el('kbd', {}, 'Esc'), ' to preview, ', el('kbd', {}, 'Ctrl S'), ' to save now.')), history: this.history };
    this.append(el('div', { class: 'note-head' }, el('h3', {}, 'Your note'), this.status, this.tabs), ...Object.values(this.panes));

    // One saver per question: a save that failed keeps retrying for its own question, whatever
    // the user opens next, and reports only while that question is on screen.
    this.savers = new Map();

    this.addEventListener('click', (e) => this.onClick(e));
    this.input.addEventListener('input', () => this.saver.schedule(this.input.value));
    this.input.addEventListener('blur', () => this.saver.flush().catch(() => {}));
    this.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The saver of the question on screen. */
  get saver() {
    const id = this.questionId;
    if (!this.savers.has(id)) {
      this.savers.set(id, new Autosaver(
        (body) => call('save_note', { questionId: id, body }),
        (status, detail) => { if (this.questionId === id) this.onStatus(status, detail); }));
    }
    return this.savers.get(id);
  }

  /** Shows the note of question `id`, saving anything pending on the previous one first. */
  async load(id) {
    if (this.questionId) await this.saver.flush().catch(() => {});
    this.loading = id;
    const note = await call('get_note', { questionId: id });
    if (this.loading !== id) return;
    this.questionId = id; // only now: until the note is here, typing still belongs to the last one
    this.input.value = note.body;
    this.setRendered(note.html);
    this.status.textContent = note.updatedAt ? `Saved ${ago(note.updatedAt)}` : '';
    this.show(note.body ? 'preview' : 'write', { focus: false });
  }

  setRendered(html) {
    // The only innerHTML in the UI: this HTML was rendered from Markdown and sanitised in Rust.
    this.rendered.innerHTML = html || '';
    if (!html) this.rendered.append(el('p', { class: 'muted empty' }, 'No note yet. Press ', el('kbd', {}, 'E'), ' or choose Write to start one.'));
  }

  onStatus(status, detail) {
    this.status.textContent = STATUS[status];
    this.status.dataset.state = status;
    if (status === 'saved') {
      this.setRendered(detail.html);
      this.dispatchEvent(new CustomEvent('note-saved', { bubbles: true, detail: { questionId: this.questionId, hasNote: detail.body !== '' } }));
    }
    if (status === 'dirty') this.status.textContent = STATUS.dirty;
    if (status === 'error') {
      this.status.textContent = `Not saved: ${detail.message}`;
      toast(`Your note could not be saved: ${detail.message}. It is kept here; Onsite will try again.`, 'error');
    }
  }

  async show(mode, { focus = true } = {}) {
    if (mode !== 'write') await this.saver.flush().catch(() => {});
    this.mode = mode;
    for (const b of this.tabs.children) b.setAttribute('aria-selected', String(b.dataset.mode === mode));
    for (const [m, pane] of Object.entries(this.panes)) pane.hidden = m !== mode;
    if (mode === 'history') await this.loadHistory();
    if (mode === 'write' && focus) this.input.focus();
  }

  async loadHistory() {
    const revisions = await call('note_history', { questionId: this.questionId });
    this.history.replaceChildren();
    if (!revisions.length) {
      this.history.append(el('p', { class: 'muted empty' }, 'No saved versions yet.'));
      return;
    }
    revisions.forEach((r, i) => {
      this.history.append(el('article', { class: 'revision', 'data-testid': 'note-revision' },
        el('header', {},
          el('strong', {}, i === 0 ? 'Current version' : new Date(r.savedAt).toLocaleString()),
          el('span', { class: 'muted small' }, ` · ${r.body.length} characters · ${ago(r.savedAt)}`),
          i === 0 ? null : el('button', { type: 'button', class: 'btn small', dataset: { restore: r.id }, 'data-testid': 'note-restore' }, 'Restore')),
        el('pre', { class: 'revision-body' }, r.body || '(empty)')));
    });
  }

  async onClick(e) {
    const tab = e.target.closest('[data-mode]');
    if (tab) return this.show(tab.dataset.mode);
    const restore = e.target.closest('[data-restore]');
    if (restore) {
      await this.saver.flush().catch(() => {});
      const note = await call('restore_note', { questionId: this.questionId, revisionId: Number(restore.dataset.restore) });
      this.input.value = note.body;
      this.setRendered(note.html);
      this.status.textContent = 'Restored';
      this.dispatchEvent(new CustomEvent('note-saved', { bubbles: true, detail: { questionId: this.questionId, hasNote: note.body !== '' } }));
      toast('Earlier version restored. The version it replaced is kept in History.');
      return this.show('preview', { focus: false });
    }
    // Links in notes never navigate the app window away.
    const link = e.target.closest('.markdown a[href]');
    if (link) {
      e.preventDefault();
      toast(`Link: ${link.getAttribute('href')}`);
    }
  }

  onKey(e) {
    if (e.key === 'Escape' && this.mode === 'write') {
      e.preventDefault();
      this.show('preview', { focus: false }).then(() => this.tabs.querySelector('[data-mode=write]').focus());
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      this.saver.flush().catch(() => {});
    }
  }

  edit() {
    return this.show('write');
  }
}

customElements.define('note-editor', NoteEditor);
