// Saving a round as Markdown, for every view that shows a <round-summary> and hears its `round-export`.

import { call } from './ipc.js';
import { toast } from './dom.js';

/** Saves the round's report, copies its Markdown to the clipboard when it can, and says where it went. */
export async function exportRound({ id, started }) {
  try {
    const out = await call('export_round', { id, started });
    await navigator.clipboard?.writeText(out.markdown).catch(() => {});
    toast(`Saved as ${out.path}`);
  } catch (e) {
    toast(`Could not export: ${e.message}`, 'error');
  }
}
