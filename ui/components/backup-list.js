// Settings → Backup: the backups Onsite keeps by itself (every 30 minutes of use, and before an
// update or a restore changes the data), the space they take, restoring any of them in two
// clicks, and the database check.

import { call } from '../lib/ipc.js';
import { el, plural, toast } from '../lib/dom.js';
import { confirmAction } from './modal.js';
import { flushAll } from '../lib/autosave.js';

const KIND = { auto: 'Automatic', manual: 'Back up now', beforeMigration: 'Before an update', beforeRestore: 'Before a restore' };

export function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function backupList() {
  const node = el('div', { class: 'backups', 'data-testid': 'backup-list' });
  const check = el('p', { class: 'small', role: 'status', 'data-testid': 'check-status' });
  let list = null;
  let error = '';

  async function refresh() {
    try {
      list = await call('list_backups');
      error = '';
    } catch (e) {
      error = `Backups could not be listed: ${e.message}`;
    }
    draw();
  }

  function draw() {
    const rows = list?.backups ?? [];
    node.replaceChildren(
      el('div', { class: 'row' },
        el('strong', {}, 'Kept by Onsite'),
        el('span', { class: 'muted small', 'data-testid': 'backup-total' }, list
          ? `${plural(rows.length, 'backup')}, ${size(list.totalBytes)} in ${list.folder}`
          : error || 'Looking…'),
        el('button', { type: 'button', class: 'btn small push-right', 'data-act': 'now', 'data-testid': 'back-up-now' }, 'Back up now')),
      rows.length
        ? el('table', { class: 'data-table backup-table' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Made'), el('th', {}, 'Why'), el('th', { class: 'num' }, 'Size'), el('th', {}, el('span', { class: 'sr-only' }, 'Restore')))),
          el('tbody', {}, ...rows.map((b) => el('tr', { 'data-testid': 'backup-row' },
            el('td', {}, new Date(b.madeAt).toLocaleString()),
            el('td', {}, KIND[b.kind] ?? b.kind),
            el('td', { class: 'num' }, size(b.bytes)),
            el('td', {}, el('button', { type: 'button', class: 'btn small', 'data-act': 'restore', 'data-path': b.path, 'data-made': b.madeAt, 'data-testid': 'restore-listed' }, 'Restore…'))))))
        : el('p', { class: 'muted small' }, 'None yet. The first is made after 30 minutes of use, or now with Back up now.'),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'btn small', 'data-act': 'check', 'data-testid': 'check-database' }, 'Check database'),
        check));
  }

  async function restore(path, made) {
    const ok = await confirmAction('Restore this backup?',
      `Everything here (notes, rounds, reviews, your packs) is replaced by the backup made ${new Date(made).toLocaleString()}. What is here now is saved in the backups folder first, so it can be restored too.`,
      'Restore', 'confirm-restore-listed');
    if (!ok) return;
    if (!(await flushAll())) throw new Error('a note could not be saved first, so nothing was restored');
    const out = await call('restore_listed_backup', { path });
    sessionStorage.setItem('onsite-restored', `Restored the backup made ${new Date(made).toLocaleString()}. Your previous data was saved as ${out.previous}.`);
    location.reload();
  }

  const ACTS = {
    async now() {
      const b = await call('back_up_now');
      toast(`Backed up (${size(b.bytes)})`);
      await refresh();
    },
    async check() {
      check.textContent = 'Checking…';
      delete check.dataset.state;
      const out = await call('check_database');
      check.textContent = out.ok ? 'The database is intact.' : `The check found damage: ${out.found}. Restore a backup above.`;
      check.dataset.state = out.ok ? 'saved' : 'error';
    },
    restore: (b) => restore(b.dataset.path, Number(b.dataset.made)),
  };

  node.addEventListener('click', async (e) => {
    const b = e.target.closest('button[data-act]');
    if (!b || b.disabled) return;
    b.disabled = true;
    try {
      await ACTS[b.dataset.act](b);
    } catch (err) {
      toast(err.message, 'error');
      if (b.dataset.act === 'check') check.textContent = '';
    } finally {
      b.disabled = false;
    }
  });
  draw();
  return { node, refresh };
}
