// <note-editor>: a question's Markdown note, with Preview / Write / History tabs and autosave.
// Emits `note-saved` (bubbling) with { questionId, hasNote } after each save reaches disk.
// Leaving the note (another question, another view, out of Write) seals its version in the history,
// so the next save starts a new one; the history lists versions and loads a text when it is opened.

import { call } from '../lib/ipc.js';
import { Autosaver } from '../lib/autosave.js';
import { subscribe } from '../lib/state.js';
import { el, ago, plural, toast } from '../lib/dom.js';

const STATUS = { dirty: 'Unsaved changes…', saving: 'Saving…', saved: 'Saved', error: 'Not saved' };
/** Versions per page of the history; older pages load on request. */
const HISTORY_PAGE = 50;

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
    // The last seal sent: a save waits for it, so it cannot land in the version just closed.
    this.sealing = Promise.resolve();

    this.addEventListener('click', (e) => this.onClick(e));
    this.input.addEventListener('input', () => this.saver.schedule(this.input.value));
    this.input.addEventListener('blur', () => this.saver.flush().catch(() => {}));
    this.addEventListener('keydown', (e) => this.onKey(e));
    // Another view hid this one: the user has left the note.
    subscribe((_, action) => {
      if (action === 'navigate' && this.questionId && !this.getClientRects().length) this.seal(this.questionId);
    });
  }

  /** The saver of the question on screen. */
  get saver() {
    const id = this.questionId;
    if (!this.savers.has(id)) {
      this.savers.set(id, new Autosaver(
        (body) => this.sealing.then(() => call('save_note', { questionId: id, body })),
        (status, detail) => { if (this.questionId === id) this.onStatus(status, detail); }));
    }
    return this.savers.get(id);
  }

  /**
   * Closes the current version of note `id` once what is pending is saved: the next save starts a
   * new one. A seal that fails costs only a merged version, never text, so it is not reported.
   */
  async seal(id) {
    await this.savers.get(id)?.flush().catch(() => {});
    this.sealing = call('seal_note', { questionId: id }).catch(() => {});
    await this.sealing;
  }

  /** Shows the note of question `id`, saving and sealing the previous one first. */
  async load(id) {
    const previous = this.questionId;
    if (previous) await this.seal(previous);
    this.loading = id;
    this.chosenFor = null;
    const note = await call('get_note', { questionId: id });
    if (this.loading !== id) return;
    // Opening a note is a new visit, after a restart too: its writing starts a new version.
    if (id !== previous) this.seal(id);
    this.questionId = id; // only now: until the note is here, typing still belongs to the last one
    this.input.value = note.body;
    this.setRendered(note.html);
    this.status.textContent = note.updatedAt ? `Saved ${ago(note.updatedAt)}` : '';
    // A tab the user chose while the note was on its way stays chosen.
    if (this.chosenFor !== id) await this.show(note.body ? 'preview' : 'write', { focus: false });
    this.dataset.loaded = id;
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
    if (mode !== 'write' && this.mode === 'write') await this.seal(this.questionId);
    else if (mode !== 'write') await this.saver.flush().catch(() => {});
    this.mode = mode;
    for (const b of this.tabs.children) b.setAttribute('aria-selected', String(b.dataset.mode === mode));
    for (const [m, pane] of Object.entries(this.panes)) pane.hidden = m !== mode;
    if (mode === 'history') await this.loadHistory();
    if (mode === 'write' && focus) this.input.focus();
  }

  /** Lists the newest versions, with their times and sizes; texts load when opened. */
  async loadHistory() {
    const id = this.questionId;
    const versions = await call('note_history', { questionId: id, limit: HISTORY_PAGE });
    if (id !== this.questionId) return;
    this.history.replaceChildren();
    if (!versions.length) {
      this.history.append(el('p', { class: 'muted empty' }, 'No saved versions yet.'));
      return;
    }
    this.history.append(el('p', { class: 'muted small history-note' },
      'A version is kept each time you leave the note or pause for 5 minutes, and before a large deletion.'));
    this.appendVersions(versions, true);
  }

  appendVersions(versions, first) {
    this.history.querySelector('[data-more]')?.remove();
    versions.forEach((v, i) => this.history.append(this.versionRow(v, first && i === 0)));
    if (versions.length === HISTORY_PAGE) {
      this.history.append(el('button', {
        type: 'button', class: 'btn ghost small history-more', dataset: { more: versions.at(-1).id }, 'data-testid': 'note-history-more',
      }, 'Show older versions'));
    }
  }

  versionRow(v, current) {
    const bodyId = `note-revision-${v.id}`;
    return el('article', { class: 'revision', 'data-testid': 'note-revision' },
      el('header', {},
        el('strong', {}, current ? 'Current version' : new Date(v.savedAt).toLocaleString()),
        el('span', { class: 'muted small' }, ` · ${plural(v.chars, 'character')} · ${ago(v.savedAt)}`),
        el('span', { class: 'revision-actions' },
          el('button', {
            type: 'button', class: 'btn ghost small', dataset: { open: v.id }, 'aria-expanded': 'false', 'aria-controls': bodyId,
            'data-testid': 'note-revision-open',
          }, 'Show'),
          current ? null : el('button', { type: 'button', class: 'btn small', dataset: { restore: v.id }, 'data-testid': 'note-restore' }, 'Restore'))),
      el('pre', { class: 'revision-body', id: bodyId, hidden: true, 'data-testid': 'note-revision-body' }));
  }

  /** Shows or hides a version's text, loading it the first time. */
  async toggleVersion(button) {
    const body = this.history.querySelector(`#${button.getAttribute('aria-controls')}`);
    const open = button.getAttribute('aria-expanded') !== 'true';
    if (open && !body.dataset.loaded) {
      try {
        const revision = await call('note_revision', { questionId: this.questionId, revisionId: Number(button.dataset.open) });
        body.textContent = revision.body || '(empty)';
        body.dataset.loaded = 'true';
      } catch (e) {
        return toast(`That version could not be opened: ${e.message}`, 'error');
      }
    }
    body.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Hide' : 'Show';
  }

  async loadOlder(button) {
    const id = this.questionId;
    button.disabled = true;
    try {
      const versions = await call('note_history', { questionId: id, before: Number(button.dataset.more), limit: HISTORY_PAGE });
      if (id === this.questionId) this.appendVersions(versions, false);
    } catch (e) {
      button.disabled = false;
      toast(`Older versions could not be listed: ${e.message}`, 'error');
    }
  }

  async onClick(e) {
    const tab = e.target.closest('[data-mode]');
    if (tab) {
      this.chosenFor = this.loading;
      return this.show(tab.dataset.mode);
    }
    const open = e.target.closest('[data-open]');
    if (open) return this.toggleVersion(open);
    const more = e.target.closest('[data-more]');
    if (more) return this.loadOlder(more);
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
    this.chosenFor = this.loading;
    return this.show('write');
  }
}

customElements.define('note-editor', NoteEditor);
